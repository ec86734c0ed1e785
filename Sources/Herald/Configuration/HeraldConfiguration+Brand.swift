import DKIM
import Messages

extension HeraldConfiguration {
    /// The configured brand; unset values keep the catalog's sample brand.
    public var brand: Brand {
        let sample = Brand.sample
        return Brand(name: brandName ?? sample.name, url: brandURL ?? sample.url, logoURL: brandLogoURL ?? sample.logoURL,
                     supportEmail: supportEmail ?? sample.supportEmail, postalAddress: brandAddress ?? sample.postalAddress)
    }

    /// The configured sender (`--from`), as the composer takes it.
    public var sender: EmailAddress { EmailAddress(email: from.email, name: from.name) }

    /// Where replies go: `HERALD_BRAND_REPLY_TO`, else the brand's support address (the one the footer names).
    public var replyTo: EmailAddress {
        brandReplyTo.map { EmailAddress(email: $0.email, name: $0.name) } ?? EmailAddress(email: brand.supportEmail)
    }

    /// True when `signer`'s domain is the sender's domain or a parent of it (DMARC's relaxed alignment).
    public func isAligned(_ signer: DKIMSigner) -> Bool {
        let domain = from.email.split(separator: "@").last.map { $0.lowercased() } ?? ""
        return domain == signer.domain || domain.hasSuffix("." + signer.domain)
    }

    /// The catalog every command that composes mail uses: the configured sender and DKIM signer.
    public func catalog(renderer: MessageRenderer) -> MessageCatalog {
        MessageCatalog(renderer: renderer, sender: sender, signer: dkim, replyTo: replyTo, messageIDDomain: messageIDDomain)
    }
}
