using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Providers.Resilience;
using EfficientAI.Telephony.Providers.Stt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Whisper.net;

namespace EfficientAI.Telephony.Providers.Whisper;

/// <summary>
/// Transcribes utterances on this machine with whisper.cpp: the clip is resampled to the 16 kHz
/// the model expects, padded to the one second whisper.cpp needs at least, and its segments are
/// joined. One processor is shared and used by one utterance at a time: on a small box, two
/// concurrent inferences only make both late.
/// </summary>
public sealed class WhisperSpeechToText : UtteranceSpeechToText, IDisposable
{
    /// <summary>The rate every Whisper model runs at.</summary>
    public const int ModelSampleRate = 16000;

    // whisper.cpp declines input shorter than 1000 ms; a little more keeps rounding off that edge.
    private const uint GgmlMagic = 0x67676d6c;

    private static readonly int MinimumSamples = ModelSampleRate * 11 / 10;

    private readonly WhisperOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WhisperFactory? _factory;
    private WhisperProcessor? _processor;

    public WhisperSpeechToText(WhisperOptions options, TimeProvider timeProvider, ILogger<WhisperSpeechToText>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public override string ProviderName => "whisper";

    public override async Task<UtteranceTranscript> TranscribeAsync(AudioClip utterance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        float[] samples = ToModelInput(utterance);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WhisperProcessor processor = Processor();
            var text = new System.Text.StringBuilder();
            TimeSpan? start = null;
            TimeSpan end = TimeSpan.Zero;
            await foreach (SegmentData segment in processor.ProcessAsync(samples, cancellationToken).ConfigureAwait(false))
            {
                text.Append(segment.Text);
                start ??= segment.Start;
                end = segment.End;
            }

            if (start is null)
            {
                return UtteranceTranscript.Empty;
            }

            // Segment times run over the padding too; the speech cannot end after the utterance did.
            TimeSpan length = utterance.Duration;
            return new UtteranceTranscript(text.ToString().Trim(), start.Value < length ? start : length, end < length ? end : length);
        }
        catch (Exception e) when (e is not (OperationCanceledException or ProviderFailureException))
        {
            throw new ProviderFailureException(ProviderName, "transcribe", ProviderFailureCause.ModelFailure, 1, null, $"whisper.cpp failed on {_options.ModelPath}: {e.Message}", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _processor?.Dispose();
        _factory?.Dispose();
        _gate.Dispose();
    }

    /// <summary>Mono float samples in [-1, 1] at 16 kHz, at least <see cref="MinimumSamples"/> long.</summary>
    internal static float[] ToModelInput(AudioClip utterance)
    {
        short[] pcm = Resampler.Resample(utterance.Samples, utterance.SampleRate, ModelSampleRate);
        var samples = new float[Math.Max(pcm.Length, MinimumSamples)];
        for (int i = 0; i < pcm.Length; i++)
        {
            samples[i] = pcm[i] / 32768f;
        }

        return samples;
    }

    // whisper.cpp aborts the whole process on some malformed files instead of returning an error,
    // so a file that does not even start with the ggml magic is refused here, in managed code.
    private void CheckMagic(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        int read;
        using (FileStream file = File.OpenRead(path))
        {
            read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        }

        if (read < magic.Length || System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(magic) != GgmlMagic)
        {
            throw new ProviderFailureException(ProviderName, "load", ProviderFailureCause.ModelFailure, 1, null, $"{path} is not a ggml Whisper model (it does not start with the \"ggml\" magic)");
        }
    }

    // Loaded on first use, under the gate: loading a large model takes seconds, and a call that
    // never transcribes should not pay for it.
    private WhisperProcessor Processor()
    {
        if (_processor is not null)
        {
            return _processor;
        }

        long started = _timeProvider.GetTimestamp();
        CheckMagic(_options.ModelPath!);
        try
        {
            _factory = WhisperFactory.FromPath(_options.ModelPath!);
            WhisperProcessorBuilder builder = _factory.CreateBuilder().WithLanguage(_options.Language).WithNoContext();
            if (_options.Threads > 0)
            {
                builder = builder.WithThreads(_options.Threads);
            }

            _processor = builder.Build();
        }
        catch (Exception e)
        {
            _factory?.Dispose();
            _factory = null;
            throw new ProviderFailureException(ProviderName, "load", ProviderFailureCause.ModelFailure, 1, null, $"could not load the ggml model {_options.ModelPath}: {e.Message}", e);
        }

        ProviderLog.WhisperModelLoaded(_logger, _options.ModelPath!, _timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return _processor;
    }
}
