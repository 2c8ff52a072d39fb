using EfficientAI.Telephony.Conversation.Audio;

namespace EfficientAI.Telephony.Providers.Tts;

/// <summary>
/// Cuts a synthesised clip to its audible part plus a little padding, as <c>ITextToSpeech</c>
/// promises: the first and last voiced samples sit a known few milliseconds from the clip's ends,
/// whichever engine made it.
/// </summary>
internal static class SilenceTrim
{
    public const int DefaultAmplitude = 64;

    public static readonly TimeSpan DefaultPadding = TimeSpan.FromMilliseconds(10);

    public static AudioClip Trim(AudioClip clip, int trimAmplitude, TimeSpan edgePadding)
    {
        ReadOnlySpan<short> samples = clip.Samples;
        short quiet = (short)(trimAmplitude - 1);
        int first = samples.IndexOfAnyExceptInRange((short)-quiet, quiet);
        if (first < 0)
        {
            return clip;
        }

        int last = samples.LastIndexOfAnyExceptInRange((short)-quiet, quiet);
        int padding = (int)Math.Round(edgePadding.TotalSeconds * clip.SampleRate);
        int from = Math.Max(0, first - padding);
        int to = Math.Min(samples.Length, last + 1 + padding);
        return from == 0 && to == samples.Length ? clip : new AudioClip(samples[from..to].ToArray(), clip.SampleRate);
    }
}
