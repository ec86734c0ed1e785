import Delivery
import Foundation

extension HeraldConfiguration {
    /// The webhook options of `HERALD_WEBHOOK_*`: nil without a URL; with one, a signing key is
    /// required (the value or a file, not both) and every list item must be valid. Problems go to
    /// `errors`, each naming its setting; none ever shows the key.
    static func webhookOptions(
        urls: String?, secret: String?, secretFile: String?, events: String?, timeout: TimeInterval?, schedule: String?, maxAge: TimeInterval?,
        errors: inout [ConfigurationError]
    ) -> WebhookOptions? {
        guard let urls else {
            for (setting, value) in [(ConfigurationSetting.webhookSecret, secret), (.webhookSecretFile, secretFile), (.webhookEvents, events)]
            where value != nil {
                errors.append(ConfigurationError(setting, "applies only with \(ConfigurationSetting.webhookURL.label)"))
            }
            return nil
        }
        let before = errors.count
        var endpoints: [String] = []
        for item in urls.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            do throws(ConfigurationError) {
                endpoints.append(try ConfigurationSetting.webhookURL.absoluteURL(item))
            } catch {
                errors.append(ConfigurationError(.webhookURL, "expected absolute http(s) URLs separated by commas; \"\(WebhookOptions.redacted(item))\" is not one"))
            }
        }
        if endpoints.isEmpty, errors.count == before { errors.append(ConfigurationError(.webhookURL, "gives no URL")) }

        var key: String?
        switch (secret, secretFile) {
        case (nil, nil):
            errors.append(ConfigurationError(.webhookSecret, "is required with \(ConfigurationSetting.webhookURL.label) (or \(ConfigurationSetting.webhookSecretFile.label))"))
        case (.some, .some):
            errors.append(ConfigurationError(.webhookSecretFile, "give the key or a file holding it, not both (\(ConfigurationSetting.webhookSecret.label) is set too)"))
        case (let value?, nil):
            key = value
        case (nil, let path?):
            do throws(ConfigurationError) { key = try ConfigurationSetting.webhookSecretFile.secret(inFile: path) } catch { errors.append(error) }
        }
        var signingKey: WebhookSecret?
        if let key {
            do throws(WebhookSecret.Problem) { signingKey = try WebhookSecret(parsing: key) } catch {
                errors.append(ConfigurationError(secretFile == nil ? .webhookSecret : .webhookSecretFile, error.description))
            }
        }

        var types = MessageEventType.deliveredByDefault
        if let events {
            types = []
            for item in events.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let type = MessageEventType(rawValue: item) else {
                    let known = MessageEventType.allCases.map(\.rawValue).joined(separator: ", ")
                    errors.append(ConfigurationError(.webhookEvents, "unknown event type \"\(item)\"; known: \(known)"))
                    continue
                }
                types.insert(type)
            }
            if types.isEmpty, errors.count == before { errors.append(ConfigurationError(.webhookEvents, "lists no event type")) }
        }

        var delays: [TimeInterval] = []
        for item in (schedule ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            do throws(ConfigurationError) {
                delays.append(try ConfigurationSetting.webhookRetrySchedule.seconds(item, positive: true))
            } catch {
                errors.append(error)
            }
        }
        if delays.isEmpty, errors.count == before { errors.append(ConfigurationError(.webhookRetrySchedule, "lists no delay")) }

        guard errors.count == before, let signingKey, let timeout, let maxAge else { return nil }
        return WebhookOptions(
            endpoints: endpoints, secret: signingKey, types: types, retry: WebhookRetrySchedule(delays: delays, maxAge: maxAge), timeout: timeout)
    }
}
