using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Playback;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Conversation.Vad;

namespace EfficientAI.Telephony.Conversation.Agent;

/// <summary>What a clip of the agent is, for its ground truth.</summary>
internal enum AgentClipKind
{
    Greeting,
    Beep,
    HoldMusic,
    Prompt,
    Reply,
    Interrupting,
    IvrChoice,
}

/// <summary>A prepared clip of the agent's opening sequence.</summary>
internal readonly record struct OpeningClip(Utterance Utterance, AgentClipKind Kind);

/// <summary>
/// Everything the agent can play, synthesised or generated before the call starts so that playing
/// costs nothing on the pacer: the opening sequence (greeting, voicemail beep, hold music, IVR prompt),
/// the replies, and the IVR choices by key.
/// </summary>
internal sealed class AgentClips
{
    private AgentClips(OpeningClip[] opening, Utterance[] replies, Dictionary<char, Utterance> ivrChoices, Utterance? ivrInvalid)
    {
        Opening = opening;
        Replies = replies;
        IvrChoices = ivrChoices;
        IvrInvalid = ivrInvalid;
    }

    public OpeningClip[] Opening { get; }

    public Utterance[] Replies { get; }

    public Dictionary<char, Utterance> IvrChoices { get; }

    public Utterance? IvrInvalid { get; }

    public static async Task<AgentClips> PrepareAsync(AgentConversationOptions options, ITextToSpeech tts, EnergyVad vad, CancellationToken cancellationToken)
    {
        var byText = new Dictionary<string, Utterance>(StringComparer.Ordinal);
        var opening = new List<OpeningClip>();
        if (options.Greeting is { } greeting)
        {
            opening.Add(new(await SpeakAsync(greeting).ConfigureAwait(false), AgentClipKind.Greeting));
        }

        if (options.Voicemail)
        {
            opening.Add(new(new Utterance("(beep)", ToneGenerator.Beep(options.SampleRate), vad), AgentClipKind.Beep));
        }

        if (options.HoldMusic is { } hold)
        {
            opening.Add(new(new Utterance("(hold music)", ToneGenerator.HoldMusic(options.SampleRate, hold), vad), AgentClipKind.HoldMusic));
        }

        var ivrChoices = new Dictionary<char, Utterance>();
        Utterance? invalid = null;
        if (options.Ivr is { } ivr)
        {
            opening.Add(new(await SpeakAsync(ivr.Prompt).ConfigureAwait(false), AgentClipKind.Prompt));
            foreach ((char key, string line) in ivr.Options)
            {
                ivrChoices[key] = await SpeakAsync(line).ConfigureAwait(false);
            }

            invalid = await SpeakAsync(ivr.InvalidChoice).ConfigureAwait(false);
        }

        var replies = new Utterance[options.Replies.Count];
        for (int i = 0; i < replies.Length; i++)
        {
            replies[i] = await SpeakAsync(options.Replies[i]).ConfigureAwait(false);
        }

        return new AgentClips([.. opening], replies, ivrChoices, invalid);

        async Task<Utterance> SpeakAsync(string text)
        {
            if (!byText.TryGetValue(text, out Utterance? utterance))
            {
                AudioClip clip = await tts.SynthesizeAsync(text, options.Voice, options.SampleRate, cancellationToken).ConfigureAwait(false);
                utterance = new Utterance(text, Resampler.Resample(clip, options.SampleRate).Samples, vad);
                byText.Add(text, utterance);
            }

            return utterance;
        }
    }
}
