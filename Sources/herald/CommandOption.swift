import Herald

/// One flag of one command, declared once: how it parses (a value or a switch), how `--help` shows
/// it, and, for a configuration setting, the `HERALD_*` variable and default it shares with the
/// configuration (the setting's own declaration).
struct CommandOption: Sendable {
    /// Without the leading `--`.
    let flag: String
    /// How `--help` names the value; nil for a switch, which takes none.
    let valueName: String?
    let help: String
    /// How `--help` shows the default; nil when there is none worth showing.
    let defaultDescription: String?
    /// The configuration setting the value feeds, read by `HeraldConfiguration.load`.
    let setting: ConfigurationSetting?

    /// A flag with a value, used by the command itself.
    static func value(_ flag: String, _ valueName: String, _ help: String, default defaultDescription: String? = nil) -> Self {
        Self(flag: flag, valueName: valueName, help: help, defaultDescription: defaultDescription, setting: nil)
    }

    /// A flag without a value.
    static func toggle(_ flag: String, _ help: String) -> Self {
        Self(flag: flag, valueName: nil, help: help, defaultDescription: nil, setting: nil)
    }

    /// A configuration setting's flag (or, where a command named it otherwise before, `flag`).
    static func setting(_ setting: ConfigurationSetting, flag: String? = nil) -> Self {
        Self(flag: flag ?? setting.flag, valueName: setting.valueName, help: setting.help,
             defaultDescription: setting.defaultDescription, setting: setting)
    }

    static func settings(_ settings: [ConfigurationSetting]) -> [Self] { settings.map { .setting($0) } }

    /// `HERALD_X, default Y` for `--help`.
    var origin: String? {
        let parts = [setting.map { "env \($0.environmentVariable)" }, defaultDescription.map { "default \($0)" }].compactMap(\.self)
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
