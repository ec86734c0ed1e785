/// The preview pages' only styling: plain CSS inlined in each page, no build step.
enum PreviewStyle {
    static let css = """
    body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1f;background:#f5f5f7}
    header{background:#1d1d1f;color:#fff;padding:12px 24px}
    header a{color:#fff;text-decoration:none;font-weight:600}
    main{padding:16px 24px;max-width:1100px}
    h1{font-size:22px;margin:8px 0 12px}
    h2{font-size:16px;margin:24px 0 8px}
    table{border-collapse:collapse;background:#fff}
    th,td{border:1px solid #d2d2d7;padding:6px 10px;text-align:left;vertical-align:top}
    nav.switch{margin:6px 0}
    nav.switch a,nav.switch strong{display:inline-block;margin-right:6px;padding:2px 8px;border:1px solid #d2d2d7;border-radius:4px;background:#fff;text-decoration:none}
    nav.switch strong{background:#0071e3;color:#fff;border-color:#0071e3}
    .subject{font-size:18px;background:#fff;border:1px solid #d2d2d7;padding:8px 12px}
    .frame{background:#fff;border:1px solid #d2d2d7;padding:8px}
    iframe{border:0;width:100%;height:720px;display:block;margin:0 auto;background:#fff}
    iframe.w375{width:375px;border:1px solid #d2d2d7}
    iframe.w320{width:320px;border:1px solid #d2d2d7}
    iframe.dark{color-scheme:dark}
    #headers{width:100%}
    #headers th{white-space:nowrap;width:1%;font-weight:600}
    #headers td{word-break:break-all;font:13px/1.4 ui-monospace,Menlo,monospace}
    pre{background:#fff;border:1px solid #d2d2d7;padding:8px 12px;overflow:auto;white-space:pre-wrap;word-break:break-word;max-height:480px}
    textarea{width:100%;min-height:260px;font:13px/1.4 ui-monospace,Menlo,monospace}
    .problems{background:#fff0f0;border:1px solid #e0b4b4;color:#9f1c1c;padding:8px 12px 8px 28px}
    .problems code{font-weight:600}
    .note{color:#6e6e73}
    button{font:inherit;padding:4px 14px}
    """
}
