using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Speech;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Providers.Tts;

/// <summary>
/// Speech synthesis with the machine's own espeak-ng (or flite): no account, no network. The
/// engine's WAV is resampled to the requested rate, trimmed to a few milliseconds of silence at
/// each end, and cached by (engine, text, voice, rate, sample rate) in memory and on disk.
/// </summary>
public sealed class LocalTextToSpeech : ITextToSpeech
{
    // Part of every cache key: bump it when the processing of the engine's output changes.
    private const string CacheFormat = "v1";

    private readonly LocalTextToSpeechOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lazy<SpeechEngine> _engine;
    private readonly SpeechCache _cache;
    private int _engineRuns;

    public LocalTextToSpeech(LocalTextToSpeechOptions options, TimeProvider timeProvider, ILogger<LocalTextToSpeech>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _engine = new Lazy<SpeechEngine>(() => SpeechEngine.Find(options.Engine, options.SearchPath));
        _cache = new SpeechCache(options.CacheDirectory, options.MaxMemoryEntries, _logger);
    }

    /// <summary>"espeak-ng" or "flite"; throws <see cref="SpeechEngineNotFoundException"/> when neither is installed.</summary>
    public string EngineName => _engine.Value.Name;

    /// <summary>How many times the engine actually ran (cache misses).</summary>
    public int EngineRuns => Volatile.Read(ref _engineRuns);

    /// <summary>How many clips were served from the disk cache.</summary>
    public int DiskCacheHits => Volatile.Read(ref _cache.DiskHits);

    /// <summary>Where the clip for these arguments is (or would be) cached on disk; null without a cache directory.</summary>
    public string? CachePathFor(string text, VoiceOptions voice, int sampleRate) =>
        _cache.PathFor(CacheKey(text, voice, sampleRate));

    public async Task<AudioClip> SynthesizeAsync(string text, VoiceOptions voice, int sampleRate, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);

        string key = CacheKey(text, voice, sampleRate);
        if (await _cache.TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }

        AudioClip clip = await RunEngineAsync(text, voice, cancellationToken).ConfigureAwait(false);
        clip = Trim(Resampler.Resample(clip, sampleRate));
        await _cache.StoreAsync(key, clip, cancellationToken).ConfigureAwait(false);
        return clip;
    }

    private string CacheKey(string text, VoiceOptions voice, int sampleRate) =>
        string.Join('\n', CacheFormat, _engine.Value.Name, voice.Voice, voice.WordsPerMinute, sampleRate, text);

    private async Task<AudioClip> RunEngineAsync(string text, VoiceOptions voice, CancellationToken cancellationToken)
    {
        SpeechEngine engine = _engine.Value;
        string wavPath = Path.Combine(Path.GetTempPath(), $"efficientai-tts-{Guid.NewGuid():N}.wav");
        long started = _timeProvider.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            Interlocked.Increment(ref _engineRuns);
            await EngineProcess.RunAsync(engine.ExecutablePath, engine.BuildArguments(text, voice, wavPath), linked.Token).ConfigureAwait(false);
            AudioClip clip = await WavFile.ReadAsync(wavPath, cancellationToken).ConfigureAwait(false);
            TtsLog.Synthesised(_logger, engine.Name, text.Length, clip.Duration.TotalMilliseconds, _timeProvider.GetElapsedTime(started).TotalMilliseconds);
            return clip;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{engine.Name} did not finish within {_options.Timeout.TotalSeconds:0.#} s for a line of {text.Length} characters.");
        }
        finally
        {
            File.Delete(wavPath);
        }
    }

    // Keep EdgePadding of silence around the audible part, so the first and last voiced samples sit
    // a known few milliseconds from the clip's ends.
    private AudioClip Trim(AudioClip clip) => SilenceTrim.Trim(clip, _options.TrimAmplitude, _options.EdgePadding);
}
