namespace EfficientAI.Telephony.Conversation.Timeline;

public enum TimelineEventKind
{
    CallStarted,
    Answered,

    /// <summary>First voiced sample of a turn.</summary>
    SpeechStarted,

    /// <summary>Last voiced sample of a turn.</summary>
    SpeechEnded,

    /// <summary>First sample of a synthesised clip put on the wire (its text in <see cref="TimelineEvent.Text"/>).</summary>
    TtsStarted,

    /// <summary>Sample after the last one of a synthesised clip.</summary>
    TtsFinished,

    /// <summary>A playing clip was cut short (barge-in or end of call).</summary>
    TtsInterrupted,

    /// <summary>One party spoke while the other was still speaking.</summary>
    Overlap,

    /// <summary>A transcript of a turn became available.</summary>
    Transcript,

    /// <summary>A steady tone in the agent's audio, as a voicemail system plays before recording.</summary>
    Beep,

    /// <summary>Music in the agent's audio (the caller is on hold).</summary>
    HoldMusic,

    /// <summary>The caller's persona asked its model for the next move.</summary>
    LlmRequest,

    /// <summary>The model's first token arrived.</summary>
    LlmFirstToken,

    /// <summary>The model's move is complete.</summary>
    LlmDone,

    /// <summary>The caller's line went to the speech synthesiser.</summary>
    TtsRequest,

    /// <summary>The synthesiser returned the line's audio (ready to play).</summary>
    TtsReady,

    DtmfSent,
    DtmfReceived,
    HangupSent,
    HangupReceived,
    SipMessage,

    /// <summary>Something in the call's SIP dialog: hold, resume, a re-offer, a session refresh, DTMF over INFO, a transfer.</summary>
    DialogEvent,
    Note,
}
