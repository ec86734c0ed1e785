import Herald

extension TestHerald {
    /// The settings of a `TestHerald`, by the flag names of README "Configuration" (`"api-token"`,
    /// `"templates"`, …): the same names and rules as `herald serve`, without making a caller's test
    /// import Herald's configuration types. A name Herald does not know is an error, so a typo
    /// cannot silently leave a default in place.
    public struct Settings: Sendable, ExpressibleByDictionaryLiteral {
        public var values: [String: String]

        public init(_ values: [String: String] = [:]) {
            self.values = values
        }

        public init(dictionaryLiteral elements: (String, String)...) {
            self.init(Dictionary(elements) { _, last in last })
        }

        /// The service's configuration: these settings over the run's store and outbox (which a
        /// test cannot override: they are what `stop()` removes) and, unless given, `127.0.0.1:0`.
        func configuration(store: String, outbox: String) throws(TestHeraldError) -> HeraldConfiguration {
            let known = Set(ConfigurationSetting.allCases.map(\.flag))
            let unknown = values.keys.filter { !known.contains($0) }.sorted()
            guard unknown.isEmpty else { throw .unknownSettings(unknown) }
            var flags = values
            flags[ConfigurationSetting.listen.flag] = flags[ConfigurationSetting.listen.flag] ?? "127.0.0.1:0"
            flags[ConfigurationSetting.store.flag] = store
            flags[ConfigurationSetting.outbox.flag] = outbox
            do {
                return try HeraldConfiguration.load(environment: [:], flags: flags)
            } catch {
                throw .invalidSettings(error.description)
            }
        }
    }
}
