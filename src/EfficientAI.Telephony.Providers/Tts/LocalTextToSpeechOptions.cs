namespace EfficientAI.Telephony.Providers.Tts;

public sealed record LocalTextToSpeechOptions
{
    /// <summary>Where synthesised clips are kept between runs (one WAV per text+voice+rate); null keeps them in memory only.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>"espeak-ng" or "flite" to insist on one; null takes espeak-ng if installed, else flite.</summary>
    public string? Engine { get; init; }

    /// <summary>Directories searched for the engines (separated by the platform's path separator); null uses PATH.</summary>
    public string? SearchPath { get; init; }

    /// <summary>Silence kept before the first and after the last audible sample.</summary>
    public TimeSpan EdgePadding { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>|x| below this (16-bit scale) counts as silence when trimming the engine's output.</summary>
    public int TrimAmplitude { get; init; } = 64;

    /// <summary>Longest an engine may run for one line before it is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Clips kept in memory; beyond this, new clips are served from disk (or synthesised) each time.</summary>
    public int MaxMemoryEntries { get; init; } = 1024;

    public void Validate()
    {
        if (Engine is not (null or SpeechEngine.EspeakNgName or SpeechEngine.FliteName))
        {
            throw new ArgumentException($"Engine must be \"{SpeechEngine.EspeakNgName}\", \"{SpeechEngine.FliteName}\" or unset, not \"{Engine}\".", nameof(Engine));
        }

        if (EdgePadding < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(EdgePadding), EdgePadding, "EdgePadding cannot be negative.");
        }

        if (TrimAmplitude is < 1 or > 32767)
        {
            throw new ArgumentOutOfRangeException(nameof(TrimAmplitude), TrimAmplitude, "TrimAmplitude must be between 1 and 32767.");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Timeout must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxMemoryEntries);
    }
}
