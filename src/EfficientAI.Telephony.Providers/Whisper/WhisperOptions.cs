using EfficientAI.Telephony.Providers.Configuration;

namespace EfficientAI.Telephony.Providers.Whisper;

/// <summary>Local recognition with whisper.cpp through Whisper.net, on a ggml model the user supplies.</summary>
public sealed record WhisperOptions
{
    /// <summary>Path of a ggml Whisper model (ggml-base.en.bin, ggml-small.bin…). Nothing is downloaded.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Language code ("en"), or "auto" to detect it (multilingual models only).</summary>
    public string Language { get; init; } = "en";

    /// <summary>CPU threads for one transcription; 0 lets whisper.cpp choose.</summary>
    public int Threads { get; init; }

    public void Validate(string section = "Providers:Stt:Whisper")
    {
        OptionChecks.RequireText(ModelPath, $"{section}:ModelPath", "/models/ggml-base.en.bin");
        if (!File.Exists(ModelPath))
        {
            throw new ArgumentException($"{section}:ModelPath names no file: \"{ModelPath}\". Download a ggml model yourself and point this setting at it.", $"{section}:ModelPath");
        }

        OptionChecks.RequireText(Language, $"{section}:Language", "en");
        ArgumentOutOfRangeException.ThrowIfNegative(Threads, $"{section}:Threads");
    }
}
