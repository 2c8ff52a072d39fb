using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Host.Trunks;
using EfficientAI.Telephony.Media.Srtp;
using Microsoft.Extensions.Configuration;

namespace EfficientAI.Telephony.IntegrationTests.Trunks;

/// <summary>Trunks:&lt;name&gt; bound from configuration and environment, validated with the key and the reason.</summary>
public sealed class TrunkOptionsTests
{
    [Fact]
    public void Trunk_IsBoundFromItsSection_AndDialsE164AsUserPhone()
    {
        var trunk = TrunkOptions.Load(Configuration(("Host", "sip.carrier.example"), ("Port", "5070"), ("Username", "acct"), ("Password", "pw"),
            ("FromNumber", "+15550001111"), ("OutboundProxy", "127.0.0.1:5999")), "carrier");

        Assert.Equal("sip:+15551234567@sip.carrier.example:5070;user=phone", trunk.TargetFor("+15551234567").ToString());
        var account = trunk.ToAccount();
        Assert.Equal("+15550001111", account.User);
        Assert.Equal("sip.carrier.example", account.Domain);
        Assert.Equal("acct", account.Credentials!.Username);
        Assert.Equal("sip:127.0.0.1:5999", account.OutboundProxy!.ToString());
    }

    [Theory]
    [InlineData("udp", null, "UDP", 5060)]
    [InlineData("tcp", null, "TCP", 5060)]
    [InlineData("TLS", null, "TLS", 5061)]
    [InlineData("tls", "5081", "TLS", 5081)]
    public void Transport_IsUdpTcpOrTls_AndTlsDefaultsToPort5061(string transport, string? port, string expected, int expectedPort)
    {
        var settings = new List<(string, string)> { ("Host", "sip.carrier.example"), ("Transport", transport) };
        if (port is not null)
        {
            settings.Add(("Port", port));
        }

        var trunk = TrunkOptions.Load(Configuration([.. settings]), "carrier");

        Assert.Equal(expected, trunk.ToAccount().Transport);
        Assert.Equal($"sip:+15551234567@sip.carrier.example:{expectedPort};user=phone", trunk.TargetFor("+15551234567").ToString());
    }

    [Theory]
    [InlineData(null, SrtpMode.Off)]
    [InlineData("Offer", SrtpMode.Offer)]
    [InlineData("require", SrtpMode.Require)]
    public void Srtp_IsOffOfferOrRequire(string? value, SrtpMode expected)
    {
        var settings = new List<(string, string)> { ("Host", "sip.carrier.example"), ("Transport", "TLS") };
        if (value is not null)
        {
            settings.Add(("Srtp", value));
        }

        Assert.Equal(expected, TrunkOptions.Load(Configuration([.. settings]), "carrier").SrtpMode);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("2")]
    public void Srtp_OtherValues_AreRefusedNamingTheKey(string value)
    {
        var error = Assert.Throws<OptionsException>(() => TrunkOptions.Load(Configuration(("Host", "sip.carrier.example"), ("Srtp", value)), "carrier"));
        Assert.Contains("Trunks:carrier:Srtp", error.Message, StringComparison.Ordinal);
        Assert.Contains("Off, Offer or Require", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_ComesFromTheEnvironmentVariable_AndIsNeverPrinted()
    {
        var name = "envtrunk" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable($"EFFICIENTAI__Trunks__{name}__Password", "from-the-environment");
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [$"Trunks:{name}:Host"] = "127.0.0.1", [$"Trunks:{name}:Username"] = "acct" })
                .AddEnvironmentVariables("EFFICIENTAI__")
                .Build();

            var trunk = TrunkOptions.Load(configuration, name);

            Assert.Equal("from-the-environment", trunk.ToAccount().Credentials!.Password);
            Assert.DoesNotContain("from-the-environment", trunk.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("from-the-environment", trunk.ToAccount().ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"EFFICIENTAI__Trunks__{name}__Password", null);
        }
    }

    [Theory]
    [InlineData("Port", "70000", "configuration Trunks:carrier:Port: 70000 is outside 1-65535")]
    [InlineData("Transport", "SCTP", "configuration Trunks:carrier:Transport: 'SCTP' is not supported (use UDP, TCP or TLS)")]
    [InlineData("SkipCertificateValidation", "true", "configuration Trunks:carrier:SkipCertificateValidation: applies to TLS only, and the trunk's Transport is UDP")]
    [InlineData("FromNumber", "5550001111", "configuration Trunks:carrier:FromNumber: '5550001111' is not an E.164 number ('+' then 1 to 15 digits)")]
    [InlineData("Host", "sip.example.com:5060", "configuration Trunks:carrier:Host: 'sip.example.com:5060' is not a host name or IP address (put the port in Trunks:carrier:Port)")]
    [InlineData("OutboundProxy", "sip:user@proxy", "configuration Trunks:carrier:OutboundProxy: 'sip:user@proxy' is not host[:port] or a sip: URI")]
    public void BadValue_StopsWithTheKeyAndTheReason(string key, string value, string message)
    {
        var settings = new List<(string, string)> { ("Host", "sip.carrier.example") };
        settings.RemoveAll(s => s.Item1 == key);
        settings.Add((key, value));

        var error = Assert.Throws<OptionsException>(() => TrunkOptions.Load(Configuration([.. settings]), "carrier"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void UsernameWithoutPassword_NamesTheEnvironmentVariableToSet()
    {
        var error = Assert.Throws<OptionsException>(() => TrunkOptions.Load(Configuration(("Host", "h"), ("Username", "acct")), "carrier"));

        Assert.Equal("configuration Trunks:carrier:Password: is required when Username is set (set it with EFFICIENTAI__Trunks__carrier__Password)", error.Message);
    }

    [Fact]
    public void UnknownTrunk_ListsTheConfiguredOnes()
    {
        var error = Assert.Throws<OptionsException>(() => TrunkOptions.Load(Configuration(("Host", "h")), "other"));

        Assert.Equal("configuration Trunks:other: no trunk of that name (configured: carrier)", error.Message);
    }

    [Theory]
    [InlineData("+15551234567", true)]
    [InlineData("+442071838750", true)]
    [InlineData("15551234567", false)]
    [InlineData("+0155512345", false)]
    [InlineData("+1555123456789012", false)]
    [InlineData("+1-555-123", false)]
    public void E164_IsPlusThenUpToFifteenDigits(string number, bool valid)
    {
        Assert.Equal(valid, TrunkOptions.IsE164(number));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"Trunks:carrier:{s.Key}", s.Value)))
            .Build();
}
