using EfficientAI.Telephony.Conversation.Speech;

namespace EfficientAI.Telephony.Providers.Tts;

/// <summary>A command-line synthesiser: where it is and how to ask it for one WAV file.</summary>
internal abstract class SpeechEngine(string executablePath)
{
    public const string EspeakNgName = "espeak-ng";
    public const string FliteName = "flite";

    public string ExecutablePath { get; } = executablePath;

    public abstract string Name { get; }

    /// <summary>Arguments that make the engine write <paramref name="text"/> to <paramref name="wavPath"/>; no shell is involved.</summary>
    public abstract IReadOnlyList<string> BuildArguments(string text, VoiceOptions voice, string wavPath);

    /// <summary>The engine to use: the one <paramref name="preferred"/> names, else espeak-ng, else flite.</summary>
    public static SpeechEngine Find(string? preferred, string? searchPath)
    {
        string[] directories = (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        if (preferred is null or EspeakNgName && Locate(EspeakNgName, directories) is { } espeak)
        {
            return new EspeakNgEngine(espeak);
        }

        if (preferred is null or FliteName && Locate(FliteName, directories) is { } flite)
        {
            return new FliteEngine(flite);
        }

        throw new SpeechEngineNotFoundException(preferred switch
        {
            EspeakNgName => "espeak-ng was asked for but is not on the search path: install espeak-ng: apt-get install espeak-ng",
            FliteName => "flite was asked for but is not on the search path: install flite: apt-get install flite",
            _ => "Neither espeak-ng nor flite is on the search path: install espeak-ng: apt-get install espeak-ng",
        });
    }

    private static string? Locate(string name, string[] directories)
    {
        string[] candidates = OperatingSystem.IsWindows() ? [name + ".exe", name] : [name];
        foreach (string directory in directories)
        {
            foreach (string candidate in candidates)
            {
                string path = Path.Combine(directory, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    /// <summary>espeak-ng: <c>espeak-ng -v VOICE -s WPM -w FILE -- TEXT</c> (writes 22050 Hz mono PCM16).</summary>
    private sealed class EspeakNgEngine(string path) : SpeechEngine(path)
    {
        public override string Name => EspeakNgName;

        // "--" ends the options, so a line starting with '-' is spoken rather than parsed as a flag.
        public override IReadOnlyList<string> BuildArguments(string text, VoiceOptions voice, string wavPath) =>
            ["-v", voice.Voice, "-s", voice.WordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w", wavPath, "--", text];
    }

    /// <summary>flite: <c>flite [-voice NAME] --setf duration_stretch=S -t TEXT -o FILE</c>.</summary>
    private sealed class FliteEngine(string path) : SpeechEngine(path)
    {
        // flite speaks at roughly this rate with a stretch of 1.
        private const double NativeWordsPerMinute = 175;

        public override string Name => FliteName;

        public override IReadOnlyList<string> BuildArguments(string text, VoiceOptions voice, string wavPath)
        {
            var arguments = new List<string>();

            // espeak-style language codes ("en-us") mean "the default voice" to flite; anything else is
            // a flite voice name (kal, slt, awb, rms) or a .flitevox path.
            if (!voice.Voice.Contains('-', StringComparison.Ordinal) || voice.Voice.EndsWith(".flitevox", StringComparison.OrdinalIgnoreCase))
            {
                arguments.Add("-voice");
                arguments.Add(voice.Voice);
            }

            double stretch = NativeWordsPerMinute / voice.WordsPerMinute;
            arguments.AddRange(["--setf", FormattableString.Invariant($"duration_stretch={stretch:0.###}"), "-t", text, "-o", wavPath]);
            return arguments;
        }
    }
}
