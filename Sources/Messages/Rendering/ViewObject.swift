import Template

/// The fields of one object of a message's view, in the order they are set, made a template
/// object once they are all there.
struct ViewObject {
    private var keys: [String] = []
    private var values: [TemplateValue] = []

    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    mutating func set(_ key: String, _ value: TemplateValue) {
        keys.append(key)
        values.append(value)
    }

    var value: TemplateValue { .object(TemplateObject(keys: keys, values: values)) }
}
