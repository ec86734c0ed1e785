/// The widths a preview shows the HTML part at: the page's own width, or a phone's viewport
/// (375 px: most phones; 320 px: the narrowest still in use), where the layout's
/// `@media (max-width: 480px)` rules apply.
enum PreviewWidth: CaseIterable, Sendable {
    case desktop, phone375, phone320

    /// From the `width` query value; anything else is the desktop width.
    init(queryValue: String?) {
        self = Self.allCases.first { $0.queryValue != nil && $0.queryValue == queryValue } ?? .desktop
    }

    /// `width=375`; nil for the desktop width, which is the default.
    var queryValue: String? {
        switch self {
        case .desktop: nil
        case .phone375: "375"
        case .phone320: "320"
        }
    }

    var label: String { queryValue.map { "\($0) px" } ?? "desktop" }

    /// The iframe's class (`PreviewStyle`); nil for the desktop width.
    var frameClass: String? { queryValue.map { "w\($0)" } }
}
