using System.Net;
using System.Security.Cryptography.X509Certificates;
using EfficientAI.Telephony.Calls;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Host.Trunks;
using EfficientAI.Telephony.Media.Pacing;
using EfficientAI.Telephony.Conversation.Personas;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Evaluation.Judging;
using EfficientAI.Telephony.Host.Running;
using EfficientAI.Telephony.Providers.Configuration;
using EfficientAI.Telephony.Providers.Llm;
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
    private readonly HttpClient _http;
    private DialGuard? _guard;

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
        var providers = configuration.GetSection(ProvidersOptions.SectionName).Get<ProvidersOptions>() ?? new ProvidersOptions();
        ProvidersOptions = providers with
        {
            Local = providers.Local with { CacheDirectory = providers.Local.CacheDirectory ?? Path.Combine(HostPaths.DataDirectory, "tts-cache") },
        };
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        Providers = new ProviderFactory(ProvidersOptions, _http, Time, loggers);
        Tts = Providers.TextToSpeech;
    }

    public TimeProvider Time { get; } = TimeProvider.System;

    public IConfiguration Configuration { get; }

    public ILoggerFactory Loggers { get; }

    public TelephonyOptions Options { get; }

    public MediaPacer Pacer { get; }

    public CallMediaOptions Media { get; private set; }

    /// <summary>The caller's voice: local (espeak-ng/flite) unless Providers:TextToSpeech names a service.</summary>
    public ITextToSpeech Tts { get; }

    /// <summary>Providers:* as configured (secrets included: never log or print it).</summary>
    public ProvidersOptions ProvidersOptions { get; }

    /// <summary>Speech-to-text, the LLM persona and the speech synthesiser the configuration selects.</summary>
    public ProviderFactory Providers { get; }

    /// <summary>The judge of the dialplans' criteria: a model when Providers:Judge is "llm", else off (and reports say so).</summary>
    public IJudge Judge => Providers.CreateJudgeChat() is { } chat ? new LlmJudge(chat) : DisabledJudge.Instance;

    /// <summary>
    /// Runs calls with what the configuration selects: persona per dialplan, the caller's voice, speech-to-text of the
    /// agent, the judge; <paramref name="groundTruth"/> and <paramref name="agentScript"/> when the target is the reference agent.
    /// </summary>
    public CallRunner Runner(
        Func<string, CancellationToken, Task<IReadOnlyList<double>>>? groundTruth = null,
        Func<string, CancellationToken, Task<IReadOnlyList<string>>>? agentScript = null) =>
        new(Dialer(), Caller().Traces, Tts, Time, Loggers)
        {
            PersonaFor = PersonaFor,
            AgentSpeechToText = Providers.SpeechToText,
            Judge = Judge,
            GroundTruth = groundTruth,
            AgentScript = agentScript,
        };

    /// <summary>The persona a dialplan asks for: its scripted lines, or a model playing its persona, scenario and goal.</summary>
    public IPersona PersonaFor(Dialplan plan) => plan.Persona.Type == PersonaSpec.Llm
        ? Providers.CreateLlmPersona(new LlmPersonaProfile(
            plan.Persona.Traits.Count > 0 ? string.Join("; ", plan.Persona.Traits) : "an ordinary customer calling on the phone",
            plan.Scenario ?? "",
            plan.Goal ?? ""))
        : new ScriptedPersona(plan.ScriptLines());

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

    /// <summary>The one dial guard of this process: every dialer shares its hourly counts.</summary>
    public DialGuard Guard => _guard ??= new DialGuard(Options.DialGuard, Time);

    public CallDialer Dialer() => new(Caller().UserAgent, Pacer, Media, Time, Loggers) { Guard = Guard };

    public async ValueTask DisposeAsync()
    {
        _traces?.Dispose();
        if (_userAgent is not null)
        {
            await _userAgent.DisposeAsync().ConfigureAwait(false);
        }

        Pacer.Dispose();
        Providers.Dispose();
        _http.Dispose();
        Loggers.Dispose();
    }
}
