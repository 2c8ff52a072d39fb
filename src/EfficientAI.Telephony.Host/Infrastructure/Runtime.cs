using System.Net;
using System.Security.Cryptography.X509Certificates;
using EfficientAI.Telephony.Calls;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Host.Trunks;
using EfficientAI.Telephony.Media.Pacing;
using EfficientAI.Telephony.Providers.Tts;
using EfficientAI.Telephony.Sip.Registration;
using EfficientAI.Telephony.Sip.Transactions;
using EfficientAI.Telephony.Sip.Transport;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace EfficientAI.Telephony.Host.Infrastructure;

/// <summary>
/// What every verb shares in one process: configuration, the clock, logging, the ONE media pacer, local TTS, and
/// (created on demand) the caller's SIP user agent and dialer.
/// </summary>
internal sealed class Runtime : IAsyncDisposable
{
    private SipUserAgent? _userAgent;
    private SipTraceRecorder? _traces;
    private SipAccount? _account;
    private readonly HashSet<string> _requiredTransports = new(StringComparer.OrdinalIgnoreCase);
    private bool _trunkSkipsCertificateValidation;

    private Runtime(IConfiguration configuration, ILoggerFactory loggers, TelephonyOptions options)
    {
        Configuration = configuration;
        Loggers = loggers;
        Options = options;
        Pacer = new MediaPacer(Time, loggers.CreateLogger<MediaPacer>());
        Media = new CallMediaOptions
        {
            RtpAddress = IPAddress.Parse(options.RtpAddress),
            RtpPortMin = options.RtpPortMin,
            RtpPortMax = options.RtpPortMax,
        };
        Tts = new LocalTextToSpeech(
            new LocalTextToSpeechOptions { CacheDirectory = Path.Combine(HostPaths.DataDirectory, "tts-cache") },
            Time,
            loggers.CreateLogger<LocalTextToSpeech>());
    }

    public TimeProvider Time { get; } = TimeProvider.System;

    public IConfiguration Configuration { get; }

    public ILoggerFactory Loggers { get; }

    public TelephonyOptions Options { get; }

    public MediaPacer Pacer { get; }

    public CallMediaOptions Media { get; private set; }

    public ITextToSpeech Tts { get; }

    public SipTimerSettings SipTimers => new() { T1 = TimeSpan.FromMilliseconds(Options.SipT1Ms), T2 = TimeSpan.FromMilliseconds(Math.Max(4000, Options.SipT1Ms)) };

    /// <summary>config/appsettings.json, then EFFICIENTAI__-prefixed and plain environment variables (later wins).</summary>
    public static IConfigurationRoot LoadConfiguration() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(HostPaths.Home, "config", "appsettings.json"), optional: true)
        .AddEnvironmentVariables("EFFICIENTAI__")
        .AddEnvironmentVariables()
        .Build();

    public static Runtime Create(bool verbose)
    {
        var configuration = LoadConfiguration();
        var loggers = LoggerFactory.Create(builder =>
        {
            builder.AddConfiguration(configuration.GetSection("Logging"));
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
            // Standard output carries reports and JSON only; every log line goes to standard error.
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            if (verbose)
            {
                builder.SetMinimumLevel(LogLevel.Debug);
                builder.AddFilter("EfficientAI", LogLevel.Debug);
            }
        });
        return new Runtime(configuration, loggers, TelephonyOptions.Load(configuration));
    }

    /// <summary>The caller's SIP user agent (started on first use) with its trace recorder.</summary>
    public (SipUserAgent UserAgent, SipTraceRecorder Traces) Caller()
    {
        if (_userAgent is null)
        {
            var options = SipOptions();
            var logger = Loggers.CreateLogger("EfficientAI.Telephony.Sip");
            _userAgent = SipUserAgent.Start(options, Time, logger);
            if (options.Tls.SkipCertificateValidation && options.Transports.Any(t => t.Kind == SipTransportKind.Tls))
            {
                logger.LogWarning("TLS server certificates are NOT validated (SkipCertificateValidation is set): anyone on the path can pose as the peer");
            }

            _traces = new SipTraceRecorder(_userAgent);
            _userAgent.Account = _account;
        }

        return (_userAgent, _traces!);
    }

    /// <summary>
    /// A call about to be placed needs <paramref name="protocol"/> (UDP, TCP, TLS): the user agent starts it besides
    /// Telephony:SipTransports. Must come before the user agent's first use.
    /// </summary>
    public void RequireTransport(string protocol)
    {
        if (protocol.ToUpperInvariant() is not ("UDP" or "TCP" or "TLS"))
        {
            throw new ArgumentException($"transport '{protocol}' is not one this build speaks (UDP, TCP, TLS)", nameof(protocol));
        }

        if (_userAgent is not null && !_userAgent.Listeners.Any(l => l.Protocol.Equals(protocol, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"the SIP user agent is already running without {protocol}");
        }

        _requiredTransports.Add(protocol.ToUpperInvariant());
    }

    /// <summary>Calls go out through this trunk: its account, its transport and, for TLS, its certificate policy.</summary>
    public void UseTrunk(TrunkOptions trunk)
    {
        RequireTransport(trunk.Transport);
        _trunkSkipsCertificateValidation |= trunk.SkipCertificateValidation;
        Media = Media with { Srtp = trunk.SrtpMode };
        UseAccount(trunk.ToAccount());
    }

    /// <summary>Calls from now on go out as this account (a trunk): its From, credentials and outbound proxy.</summary>
    public void UseAccount(SipAccount account)
    {
        _account = account;
        if (_userAgent is not null)
        {
            _userAgent.Account = account;
        }
    }

    private SipUserAgentOptions SipOptions()
    {
        var protocols = Options.SipTransportList.Concat(_requiredTransports).Distinct(StringComparer.OrdinalIgnoreCase);
        return new SipUserAgentOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Parse(Options.SipAddress), 0),
            UserName = "caller",
            Timers = SipTimers,
            Transports = [.. protocols.Select(p => new SipListener(Enum.Parse<SipTransportKind>(p, ignoreCase: true)))],
            Tls = new SipTlsOptions
            {
                ServerCertificate = LoadCertificate(),
                TrustedCertificates = string.IsNullOrWhiteSpace(Options.SipTlsTrustedCertificate)
                    ? []
                    : [X509CertificateLoader.LoadCertificateFromFile(Options.SipTlsTrustedCertificate)],
                SkipCertificateValidation = Options.SipTlsSkipCertificateValidation || _trunkSkipsCertificateValidation,
            },
        };
    }

    private X509Certificate2? LoadCertificate()
    {
        if (string.IsNullOrWhiteSpace(Options.SipTlsCertificate))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(Options.SipTlsKey))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(Options.SipTlsCertificate, Options.SipTlsCertificatePassword);
        }

        // A PEM pair is re-read as PKCS#12 so that SslStream can use its key on every platform.
        using var pem = X509Certificate2.CreateFromPemFile(Options.SipTlsCertificate, Options.SipTlsKey);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public CallDialer Dialer() => new(Caller().UserAgent, Pacer, Media, Time, Loggers);

    public async ValueTask DisposeAsync()
    {
        _traces?.Dispose();
        if (_userAgent is not null)
        {
            await _userAgent.DisposeAsync().ConfigureAwait(false);
        }

        Pacer.Dispose();
        Loggers.Dispose();
    }
}
