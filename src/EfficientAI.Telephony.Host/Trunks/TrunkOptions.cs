using System.Globalization;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Media.Srtp;
using EfficientAI.Telephony.Sip.Authentication;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Registration;
using Microsoft.Extensions.Configuration;

namespace EfficientAI.Telephony.Host.Trunks;

/// <summary>
/// One carrier trunk (a SIP service reached with digest credentials), bound from the configuration section
/// <c>Trunks:&lt;name&gt;</c> — so <c>EFFICIENTAI__Trunks__carrier__Password</c> sets the password of trunk "carrier"
/// from the environment. Validated when loaded: a bad value stops the command with the key and the reason.
/// </summary>
internal sealed class TrunkOptions
{
    public string Name { get; private set; } = "";

    /// <summary>The carrier's SIP domain or address: the host part of the dialled URI and of From.</summary>
    public string Host { get; set; } = "";

    /// <summary>The carrier's port; unset, 5061 for TLS and 5060 otherwise (RFC 3263 §4.2).</summary>
    public int? Port { get; set; }

    /// <summary>UDP, TCP or TLS: how requests reach the carrier (and its outbound proxy).</summary>
    public string Transport { get; set; } = "UDP";

    /// <summary>
    /// TLS only: accept any certificate from the carrier. For lab setups with a self-signed certificate; a warning is
    /// logged on every call that uses it. Prefer Telephony:SipTlsTrustedCertificate.
    /// </summary>
    public bool SkipCertificateValidation { get; set; }

    /// <summary>The port requests go to when none is configured.</summary>
    public int EffectivePort => Port ?? (IsTls ? 5061 : 5060);

    public bool IsTls => Transport.Equals("TLS", StringComparison.OrdinalIgnoreCase);

    public string? Username { get; set; }

    /// <summary>Never logged, printed or stored; <see cref="ToString"/> hides it.</summary>
    public string? Password { get; set; }

    /// <summary>Our number in E.164 (the user part of From), e.g. +15550001111.</summary>
    public string? FromNumber { get; set; }

    /// <summary>host[:port] or a sip: URI of the proxy every request goes through first; empty sends to Host.</summary>
    public string? OutboundProxy { get; set; }

    /// <summary>SRTP with SDES keys on this trunk's calls: Off (default), Offer or Require (see <see cref="SrtpMode"/>).
    /// SDES keys travel in the SDP, so only a TLS trunk keeps them secret.</summary>
    public string Srtp { get; set; } = nameof(SrtpMode.Off);

    /// <summary><see cref="Srtp"/> as validated.</summary>
    public SrtpMode SrtpMode => Enum.Parse<SrtpMode>(Srtp, ignoreCase: true);

    public static TrunkOptions Load(IConfiguration configuration, string name)
    {
        var section = configuration.GetSection("Trunks").GetSection(name);
        if (!section.Exists())
        {
            var known = configuration.GetSection("Trunks").GetChildren().Select(c => c.Key).ToList();
            throw new OptionsException($"Trunks:{name}", known.Count == 0
                ? "no trunk of that name (none is configured; set Trunks:<name>:Host in config/appsettings.json or EFFICIENTAI__Trunks__<name>__Host)"
                : $"no trunk of that name (configured: {string.Join(", ", known)})");
        }

        var options = new TrunkOptions();
        section.Bind(options);
        options.Name = name;
        options.Validate();
        return options;
    }

    /// <summary>The URI that dials <paramref name="number"/> (E.164) through this trunk: sip:+15551234567@host;user=phone.</summary>
    public SipUri TargetFor(string number)
    {
        if (!IsE164(number))
        {
            throw new OptionsException("number", $"'{number}' is not an E.164 number ('+' then 1 to 15 digits, e.g. +15551234567)");
        }

        // RFC 3261 §19.1.1: user=phone marks the user part as a telephone number (RFC 3966 global number).
        var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        return SipUri.Parse($"sip:{number}@{host}:{EffectivePort.ToString(CultureInfo.InvariantCulture)};user=phone");
    }

    public SipAccount ToAccount() => new()
    {
        User = FromNumber,
        Domain = Host,
        Credentials = string.IsNullOrEmpty(Username) ? null : new SipCredentials(Username, Password ?? ""),
        OutboundProxy = ProxyUri(),
        Transport = Transport.ToUpperInvariant(),
    };

    public override string ToString() =>
        $"trunk {Name}: {Host}:{EffectivePort} over {Transport.ToUpperInvariant()}, user {Username ?? "(none)"}, password {(string.IsNullOrEmpty(Password) ? "(none)" : "(set, hidden)")}";

    public static bool IsE164(string number) =>
        number.Length is >= 2 and <= 16 && number[0] == '+' && number[1] != '0' && number.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    private SipUri? ProxyUri()
    {
        if (string.IsNullOrWhiteSpace(OutboundProxy))
        {
            return null;
        }

        var text = OutboundProxy.Trim();
        return SipUri.Parse(text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase)
            ? text
            : "sip:" + text);
    }

    private void Validate()
    {
        var key = $"Trunks:{Name}";
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new OptionsException($"{key}:Host", "is required (the carrier's SIP domain or IP address)");
        }

        if (!SipUri.TryParse($"sip:{Host}", out var hostUri, out _) || hostUri.Port is not null || hostUri.Parameters.Count > 0)
        {
            throw new OptionsException($"{key}:Host", $"'{Host}' is not a host name or IP address (put the port in {key}:Port)");
        }

        if (Port is < 1 or > 65535)
        {
            throw new OptionsException($"{key}:Port", $"{Port} is outside 1-65535");
        }

        if (Transport.ToUpperInvariant() is not ("UDP" or "TCP" or "TLS"))
        {
            throw new OptionsException($"{key}:Transport", $"'{Transport}' is not supported (use UDP, TCP or TLS)");
        }

        if (!Enum.TryParse<SrtpMode>(Srtp, ignoreCase: true, out _) || int.TryParse(Srtp, out _))
        {
            throw new OptionsException($"{key}:Srtp", $"'{Srtp}' is not Off, Offer or Require");
        }

        if (SkipCertificateValidation && !IsTls)
        {
            throw new OptionsException($"{key}:SkipCertificateValidation", $"applies to TLS only, and the trunk's Transport is {Transport}");
        }

        if (!string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(Password))
        {
            throw new OptionsException($"{key}:Password", $"is required when Username is set (set it with EFFICIENTAI__Trunks__{Name}__Password)");
        }

        if (string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password))
        {
            throw new OptionsException($"{key}:Username", "is required when Password is set");
        }

        if (FromNumber is not null && !IsE164(FromNumber))
        {
            throw new OptionsException($"{key}:FromNumber", $"'{FromNumber}' is not an E.164 number ('+' then 1 to 15 digits)");
        }

        if (!string.IsNullOrWhiteSpace(OutboundProxy))
        {
            SipUri? proxy = null;
            try
            {
                proxy = ProxyUri();
            }
            catch (FormatException)
            {
                // reported below with the key
            }

            if (proxy is null || !proxy.IsSip || proxy.Host.Length == 0 || proxy.User is not null)
            {
                throw new OptionsException($"{key}:OutboundProxy", $"'{OutboundProxy}' is not host[:port] or a sip: URI");
            }
        }
    }
}
