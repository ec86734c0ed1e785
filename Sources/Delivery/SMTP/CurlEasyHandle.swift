import CCurl
import Foundation

/// One libcurl easy handle and the connection it keeps open between sends.
///
/// Not thread-safe, and not meant to be: `CurlHandlePool` lends each handle to one sender at a time.
final class CurlEasyHandle: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    private let configuration: SMTPConfiguration
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    /// Strings handed to libcurl must outlive the calls that use them; kept here until reset.
    private var retained: [UnsafeMutablePointer<CChar>] = []

    /// nil when libcurl cannot make a handle (out of memory).
    init?(configuration: SMTPConfiguration) {
        CurlGlobal.initialize()
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        self.configuration = configuration
        errorBuffer[0] = 0
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        set(CURLOPT_URL, string: configuration.serverURL)
        switch configuration.security {
        case .startTLSRequired, .implicitTLS: set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .startTLSOpportunistic: set(CURLOPT_USE_SSL, Int(CURLUSESSL_TRY.rawValue))
        }
        if let caFile = configuration.caFile { set(CURLOPT_CAINFO, string: caFile) }
        if let username = configuration.username { set(CURLOPT_USERNAME, string: username) }
        if let password = configuration.password { set(CURLOPT_PASSWORD, string: password) }
        // Each phase has its own bound (README "SMTP timeouts, hung relays, and outcomes"): the connection with its greeting, EHLO, STARTTLS and
        // AUTH; every reply, the one to the final dot included; the upload's speed; and the whole send.
        set(CURLOPT_CONNECTTIMEOUT_MS, SMTPConfiguration.milliseconds(configuration.connectTimeout))
        set(CURLOPT_SERVER_RESPONSE_TIMEOUT, SMTPConfiguration.wholeSeconds(configuration.replyTimeout))
        set(CURLOPT_LOW_SPEED_LIMIT, configuration.minimumSpeed)
        set(CURLOPT_LOW_SPEED_TIME, SMTPConfiguration.wholeSeconds(configuration.replyTimeout))
        set(CURLOPT_FORBID_REUSE, configuration.reuseConnections ? 0 : 1)
        set(CURLOPT_UPLOAD, 1)
        ccurl_setopt_read_cb(handle, curlReadMessage)
    }

    deinit {
        curl_easy_cleanup(handle)  // sends QUIT on an open connection
        errorBuffer.deallocate()
        for string in retained { free(string) }
    }

    /// Runs one SMTP transaction; the result carries what classification needs.
    func send(from sender: String, to recipients: [String], body: [UInt8]) -> CurlSendResult {
        let source = UploadSource(body)
        errorBuffer[0] = 0
        var transient: [UnsafeMutablePointer<CChar>] = []
        defer { for string in transient { free(string) } }
        guard let senderString = strdup("<\(sender)>") else {
            return CurlSendResult(code: Int(CURLE_OUT_OF_MEMORY.rawValue), reply: 0, bodySent: false, summary: "out of memory", detail: "")
        }
        transient.append(senderString)
        ccurl_setopt_str(handle, CURLOPT_MAIL_FROM, senderString)
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        defer { curl_slist_free_all(list) }
        ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, list)
        set(CURLOPT_INFILESIZE, body.count)
        set(CURLOPT_TIMEOUT_MS, SMTPConfiguration.milliseconds(configuration.transactionTimeout(bytes: body.count)))
        let unmanaged = Unmanaged.passRetained(source)
        defer { unmanaged.release() }
        set(CURLOPT_READDATA, pointer: unmanaged.toOpaque())

        let code = curl_easy_perform(handle)
        var reply = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &reply)
        ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
        set(CURLOPT_READDATA, pointer: nil)
        return CurlSendResult(
            code: Int(code.rawValue), reply: reply, bodySent: source.isHandedOver,
            summary: String(cString: curl_easy_strerror(code)), detail: String(cString: errorBuffer))
    }

    /// Shuts the open connection down, if there is one, so that it is never used again and cleaning the
    /// handle up does not wait for a `QUIT` reply on a connection that just failed or timed out.
    func closeConnection() {
        var socket: curl_socket_t = -1
        if ccurl_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK, socket >= 0 {
            shutdown(socket, Int32(SHUT_RDWR))
        }
    }

    private func set(_ option: CURLoption, _ value: Int) {
        ccurl_setopt_long(handle, option, value)
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) {
        ccurl_setopt_ptr(handle, option, pointer)
    }

    private func set(_ option: CURLoption, string: String) {
        guard let copy = strdup(string) else { return }
        ccurl_setopt_str(handle, option, copy)
        retained.append(copy)
    }
}

/// libcurl's read callback: copies the next part of the message into libcurl's buffer.
private let curlReadMessage: curl_read_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let (capacity, overflow) = size.multipliedReportingOverflow(by: count)
    let source = Unmanaged<UploadSource>.fromOpaque(userdata).takeUnretainedValue()
    return source.read(into: UnsafeMutableRawPointer(buffer), capacity: overflow ? Int.max : Int(clamping: capacity))
}
