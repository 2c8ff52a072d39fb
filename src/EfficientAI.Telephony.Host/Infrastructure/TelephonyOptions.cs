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

        if (!IPAddress.TryParse(SipAddress, out _))
        {
            throw new OptionsException("Telephony:SipAddress", $"'{SipAddress}' is not an IP address");
        }

        if (RtpPortMin is < 1024 or > 65534 || RtpPortMax < RtpPortMin + 2 || RtpPortMax > 65535)
        {
            throw new OptionsException("Telephony:RtpPortMin/RtpPortMax", $"{RtpPortMin}-{RtpPortMax} is not a range of at least two ports within 1024-65535");
        }

        if (SipT1Ms is < 10 or > 10_000)
        {
            throw new OptionsException("Telephony:SipT1Ms", $"{SipT1Ms} is outside 10-10000 ms");
        }
    }
}

internal sealed class OptionsException(string key, string reason) : Exception($"configuration {key}: {reason}");
