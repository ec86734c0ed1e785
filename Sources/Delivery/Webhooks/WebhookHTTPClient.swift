import CCurl
import Foundation

/// One libcurl easy handle POSTing webhook requests, keeping its connection between them. Used by one
/// dispatcher thread only (hence `@unchecked Sendable`, for handing it to that thread).
final class WebhookHTTPClient: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer

    /// What an endpoint answered: its status, or why there was none (libcurl's error, never a body).
    enum Answer: Sendable, Hashable {
        case status(Int)
        case failed(String)
    }

    /// nil when libcurl cannot make a handle (out of memory).
    init?(connectTimeout: TimeInterval, timeout: TimeInterval) {
        CurlGlobal.initialize()
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_str(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, SMTPConfiguration.milliseconds(connectTimeout))
        ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, SMTPConfiguration.milliseconds(timeout))
        ccurl_setopt_discard_body(handle)
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// POSTs `body` (JSON) to `url` with `headers`.
    func post(_ url: String, headers: [(String, String)], body: String) -> Answer {
        var list: UnsafeMutablePointer<curl_slist>?
        for (name, value) in headers + [("Content-Type", "application/json"), ("User-Agent", "Herald"), ("Expect", "")] {
            list = curl_slist_append(list, "\(name): \(value)")
        }
        defer { curl_slist_free_all(list) }
        ccurl_setopt_str(handle, CURLOPT_URL, url)
        ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
        ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.utf8.count)
        ccurl_setopt_str(handle, CURLOPT_COPYPOSTFIELDS, body)
        let code = curl_easy_perform(handle)
        ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, nil)
        guard code == CURLE_OK else { return .failed(String(cString: curl_easy_strerror(code))) }
        var status = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .status(status)
    }
}
