using EfficientAI.Telephony.Storage.Calls;

namespace EfficientAI.Telephony.Storage.Tests.Calls;

/// <summary>Calls as the harness records them, for repository tests.</summary>
internal static class CallRecords
{
    /// <summary>An answered 20-second G.711 call with two exchanges and a barge-in.</summary>
    public static CallRecord Answered(string callId = "a84b4c76e66710@pc33.atlanta.com") => new(
        CallId: callId,
        Target: "sip:agent@127.0.0.1:5070",
        Direction: "outbound",
        Outcome: "Answered",
        SipStatus: 200,
        StartedAt: new DateTimeOffset(2025, 11, 24, 19, 41, 3, 125, TimeSpan.Zero),
        AnsweredAt: new DateTimeOffset(2025, 11, 24, 19, 41, 4, 512, TimeSpan.Zero),
        EndedAt: new DateTimeOffset(2025, 11, 24, 19, 41, 24, 640, TimeSpan.Zero),
        PddMs: 387.25,
        EndReason: "BYE from caller",
        RecordingPath: "recordings/2025-11-24/a84b4c76e66710.wav",
        RtpSent: 1006,
        RtpReceived: 998,
        RtpLost: 8,
        RtpJitterMs: 3.875,
        LateFrames: 2,
        Dialplan: "dialplans/book-appointment.yaml",
        Turns:
        [
            new("agent", 120, 2140, "Hello, thanks for calling the clinic. How can I help?"),
            new("caller", 2900, 4960, "I'd like to book an appointment for Tuesday."),
            new("agent", 5810, 8100, "Sure — morning or afternoon?"),
            new("caller", 7650, 8420, null),
        ],
        LatenciesMs: [760.5, 850, 0.125],
        Timeline:
        [
            new(0, 0, "sip.invite", null, null),
            new(960, 120, "speech.start", "agent", null),
            new(17120, 2140, "speech.end", "agent", null),
            new(23200, 2900, "speech.start", "caller", null),
            new(39680, 4960, "stt.final", "caller", "I'd like to book an appointment for Tuesday."),
            new(61200, 7650, "barge-in", "caller", null),
            new(67360, 8420, "dtmf", "caller", "5"),
        ]);

    /// <summary>A call that was rejected busy: no answer, no media, nothing said.</summary>
    public static CallRecord Busy() => new(
        CallId: "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        Target: "sip:+15551234567@trunk.example.net",
        Direction: "outbound",
        Outcome: "Busy",
        SipStatus: 486,
        StartedAt: new DateTimeOffset(2025, 11, 24, 21, 0, 0, TimeSpan.FromHours(2)),
        AnsweredAt: null,
        EndedAt: null,
        PddMs: null,
        EndReason: null,
        RecordingPath: null,
        RtpSent: 0,
        RtpReceived: 0,
        RtpLost: 0,
        RtpJitterMs: 0,
        LateFrames: 0,
        Dialplan: null,
        Turns: [],
        LatenciesMs: [],
        Timeline: []);
}
