import Foundation
import FuzzSupport
import Messages

/// Builds a send request from a preview sample, with the input choosing which fields of the
/// context and envelope are replaced, removed, duplicated or added, and by which edge value.
enum RequestMutator {
    static func body(samples: [PreviewSample], input: inout FuzzInput) -> Data {
        guard let sample = input.pick(samples) else { return Data() }
        var context = sample.context
        for _ in 0..<input.index(8) {
            context = mutate(context, depth: 0, input: &input)
        }
        var request: [String: JSONValue] = [
            "message": .string(sample.kind.rawValue),
            "to": .array([.object(["email": .string("camille@example.com"), "name": .string("Camille Martin")])]),
            "context": context,
        ]
        if input.bool() { request["locale"] = .string(input.pick(EdgeValues.locales) ?? "en") }
        if input.bool() { request["sendAt"] = .string(input.pick(EdgeValues.timestamps) ?? "") }
        if input.bool() { request["key"] = input.pick(EdgeValues.strings(&input)) ?? .null }
        if input.bool() { request["to"] = mutate(request["to"] ?? .null, depth: 0, input: &input) }
        if input.bool() {
            request["attachments"] = input.bool() ? mutate(EdgeValues.attachments, depth: 0, input: &input) : EdgeValues.attachments
        }
        return (try? JSONEncoder().encode(JSONValue.object(request))) ?? Data()
    }

    /// Walks down to one place in `value` and changes it.
    private static func mutate(_ value: JSONValue, depth: Int, input: inout FuzzInput) -> JSONValue {
        let choice = input.byte()
        switch value {
        case .object(var members) where choice % 4 != 0 && depth < 6:
            let keys = members.keys.sorted()
            switch choice % 8 {
            case 1 where !keys.isEmpty:
                members[keys[input.index(keys.count)]] = nil
            case 2:
                members[input.pick(EdgeValues.fieldNames) ?? "extra"] = EdgeValues.value(&input)
            default:
                if let key = input.pick(keys), let member = members[key] { members[key] = mutate(member, depth: depth + 1, input: &input) }
            }
            return .object(members)
        case .array(var elements) where choice % 4 != 0 && depth < 6:
            switch choice % 8 {
            case 1 where !elements.isEmpty:
                elements.remove(at: input.index(elements.count))
            case 2 where !elements.isEmpty:
                let element = elements[input.index(elements.count)]
                elements += Array(repeating: element, count: 1 + input.index(input.bool() ? 60 : 4))
            default:
                if !elements.isEmpty {
                    let index = input.index(elements.count)
                    elements[index] = mutate(elements[index], depth: depth + 1, input: &input)
                }
            }
            return .array(elements)
        default:
            return EdgeValues.value(&input)
        }
    }
}
