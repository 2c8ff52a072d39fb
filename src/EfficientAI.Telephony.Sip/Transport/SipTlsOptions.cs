using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EfficientAI.Telephony.Sip.Transport;

/// <summary>
/// TLS for SIP (RFC 3261 §26.3.1, RFC 5922): our server certificate, and how we judge the certificate of a server we
/// connect to.
/// </summary>
public sealed record SipTlsOptions
{
    /// <summary>Presented to peers that connect to our TLS listener; it must carry its private key.</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>
    /// Extra trust anchors (a private CA, or a pinned self-signed certificate) accepted besides the system store.
    /// The server name must still match the certificate.
    /// </summary>
    public IReadOnlyList<X509Certificate2> TrustedCertificates { get; init; } = [];

    /// <summary>
    /// Accepts any server certificate. For lab peers only: it leaves the connection open to anyone on the path, and
    /// whoever enables it should log that it did.
    /// </summary>
    public bool SkipCertificateValidation { get; init; }

    /// <summary>
    /// RFC 5922 §7.1: standard validation (chain to a trusted root, name matches the host we asked for); a chain
    /// that fails only because its root is unknown is rebuilt with <see cref="TrustedCertificates"/> as roots.
    /// Returns null when the certificate is accepted, else why it is not.
    /// </summary>
    public string? Judge(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None || SkipCertificateValidation)
        {
            return null;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server presented no certificate";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return "the certificate does not name the host we connected to (RemoteCertificateNameMismatch)";
        }

        var status = chain is null ? "" : string.Join(", ", chain.ChainStatus.Select(s => s.Status));
        if (TrustedCertificates.Count == 0)
        {
            return $"the certificate chain is not trusted ({status}); add its root to the trusted certificates";
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var trusted in TrustedCertificates)
        {
            custom.ChainPolicy.CustomTrustStore.Add(trusted);
        }

        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var presented = new X509Certificate2(certificate);
        return custom.Build(presented)
            ? null
            : $"the certificate chain is not trusted ({string.Join(", ", custom.ChainStatus.Select(s => s.Status))}), not even with the {TrustedCertificates.Count} configured trusted certificate(s)";
    }
}
