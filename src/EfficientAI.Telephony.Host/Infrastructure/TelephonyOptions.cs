using EfficientAI.Telephony.Calls;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace EfficientAI.Telephony.Host.Infrastructure;

/// <summary>The `Media` and `Sip` configuration sections, validated at start: a bad value stops with key and reason.</summary>
internal sealed class TelephonyOptions
{
    public string RtpAddress { get; set; } = "127.0.0.1";

    public int RtpPortMin { get; set; } = 20000;

    public int RtpPortMax { get; set; } = 29998;

    public string SipAddress { get; set; } = "127.0.0.1";

    public int SipT1Ms { get; set; } = 500;

    /// <summary>
    /// The transports of our SIP user agent, comma separated: UDP, TCP (on the UDP port), TLS (on a free port). A call
    /// whose target or trunk needs another one starts it too.
    /// </summary>
    public string SipTransports { get; set; } = "UDP,TCP";

    /// <summary>Our TLS certificate: a PKCS#12 file, or a PEM file with <see cref="SipTlsKey"/>. Without it TLS only connects out.</summary>
    public string? SipTlsCertificate { get; set; }

    /// <summary>The PEM private key of <see cref="SipTlsCertificate"/> when that is a PEM file.</summary>
    public string? SipTlsKey { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="SipTlsCertificate"/>; from the environment, never the file.</summary>
    public string? SipTlsCertificatePassword { get; set; }

    /// <summary>A PEM or DER certificate (a private CA, or a peer's self-signed certificate) trusted besides the system roots.</summary>
    public string? SipTlsTrustedCertificate { get; set; }

    /// <summary>Accept any TLS server certificate. For lab peers only; a warning is logged whenever it is used.</summary>
    public bool SipTlsSkipCertificateValidation { get; set; }

    /// <summary>
    /// What may be dialled, comma-separated: number prefixes (+1555), hosts (agent.example.com, *.example.com),
    /// networks (10.0.0.0/8) or URIs; empty allows any target. Loopback is always allowed.
    /// </summary>
    public string DialAllow { get; set; } = "";

    /// <summary>Calls to one number or URI per sliding hour, at most (0: no cap); loopback targets are not capped.</summary>
    public int MaxCallsPerTargetPerHour { get; set; } = 200;

    public DialGuardOptions DialGuard => new()
    {
        Allow = [.. DialAllow.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        MaxCallsPerTargetPerHour = MaxCallsPerTargetPerHour,
    };

    /// <summary>The protocols of <see cref="SipTransports"/>, upper case, in order.</summary>
    public IReadOnlyList<string> SipTransportList =>
        [.. SipTransports.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToUpperInvariant()).Distinct()];

    public static TelephonyOptions Load(IConfiguration configuration)
    {
        var options = new TelephonyOptions();
        configuration.GetSection("Telephony").Bind(options);
        options.Validate();
        return options;
    }

    private void Validate()
    {
        if (!IPAddress.TryParse(RtpAddress, out _))
        {
            throw new OptionsException("Telephony:RtpAddress", $"'{RtpAddress}' is not an IP address");
        }

        if (MaxCallsPerTargetPerHour < 0)
        {
            throw new OptionsException("Telephony:MaxCallsPerTargetPerHour", $"{MaxCallsPerTargetPerHour} is negative; use 0 for no cap");
        }

        if (!IPAddress.TryParse(SipAddress, out _))
        {
            throw new OptionsException("Telephony:SipAddress", $"'{SipAddress}' is not an IP address");
        }

        if (RtpPortMin is < 1024 or > 65534 || RtpPortMax < RtpPortMin + 2 || RtpPortMax > 65535)
        {
            throw new OptionsException("Telephony:RtpPortMin/RtpPortMax", $"{RtpPortMin}-{RtpPortMax} is not a range of at least two ports within 1024-65535");
        }

        if (SipTransportList.Count == 0)
        {
            throw new OptionsException("Telephony:SipTransports", "names no transport (use UDP, TCP and/or TLS, comma separated)");
        }

        if (SipTransportList.FirstOrDefault(t => t is not ("UDP" or "TCP" or "TLS")) is { } unknown)
        {
            throw new OptionsException("Telephony:SipTransports", $"'{unknown}' is not a SIP transport (use UDP, TCP and/or TLS, comma separated)");
        }

        foreach (var (key, path) in new[] { ("SipTlsCertificate", SipTlsCertificate), ("SipTlsKey", SipTlsKey), ("SipTlsTrustedCertificate", SipTlsTrustedCertificate) })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            {
                throw new OptionsException($"Telephony:{key}", $"file '{path}' does not exist");
            }
        }

        if (SipT1Ms is < 10 or > 10_000)
        {
            throw new OptionsException("Telephony:SipT1Ms", $"{SipT1Ms} is outside 10-10000 ms");
        }
    }
}

internal sealed class OptionsException(string key, string reason) : Exception($"configuration {key}: {reason}");
