import Foundation

/// One preview sample rendered in one language at the preview reference time: what `herald check`
/// lays out in headless Chromium and what the accessibility test audits, so both see every
/// message × locale × variant exactly as the preview pages and golden files do.
package struct RenderedPreview: Sendable {
    package let sample: PreviewSample
    package let language: TemplateLanguage
    package let message: RenderedMessage

    /// `installment-paid/first-installment (fr)`: how a problem names the part.
    package var label: String { "\(sample.kind.rawValue)/\(sample.variant) (\(language.rawValue))" }
}

extension MessageRenderer {
    /// Every sample in every language, plus a `path:1:1: …` problem for each that does not render.
    package func renderPreviews(_ samples: [PreviewSample]) -> (previews: [RenderedPreview], problems: [String]) {
        var previews: [RenderedPreview] = []
        var problems: [String] = []
        for sample in samples {
            for language in languages {
                do {
                    let message = try render(sample.kind, context: sample.context, locale: language.rawValue, now: PreviewSample.referenceTime)
                    previews.append(RenderedPreview(sample: sample, language: language, message: message))
                } catch {
                    let detail: String = switch error {
                    case .invalidFields(let fields): fields.problems.map(\.description).joined(separator: "; ")
                    default: error.description
                    }
                    problems.append("\(sample.path):1:1: does not render in \(language.rawValue): \(detail)")
                }
            }
        }
        return (previews, problems)
    }
}
