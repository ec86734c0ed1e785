import CCurl

/// `curl_global_init` must run once before any handle exists, before threads use libcurl.
enum CurlGlobal {
    private static let once: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    static func initialize() {
        _ = once
    }
}
