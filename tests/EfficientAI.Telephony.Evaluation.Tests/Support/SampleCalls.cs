using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Evaluation.Observations;

namespace EfficientAI.Telephony.Evaluation.Tests.Support;

/// <summary>Calls as the harness measures them, with the numbers of a real demo call (README.md).</summary>
internal static class SampleCalls
{
    public const string Greeting = "Thank you for calling Acme Shoes. How can I help you today?";
    public const string Reply1 = "Of course. Could you tell me the order number or the email you used?";
    public const string Reply2 = "No problem, we can look it up with your card. Is there anything else?";

    /// <summary>The demo: greeting, two caller lines each answered about a second later, the persona hangs up.</summary>
    public static ObservedCall Demo(bool agentText = true) => new()
    {
        CallId = "5daa5b76be9892a9f1d6f4af@127.0.0.1",
        Target = "sip:agent@127.0.0.1:39783",
        Outcome = "completed",
        SipStatus = 200,
        StartedAt = new DateTimeOffset(2026, 11, 2, 10, 15, 0, TimeSpan.Zero),
        Cause = "the persona hung up",
        PddMs = 70,
        DurationMs = 21900,
        Turns =
        [
            new(Speaker.Agent, 93, 3427, agentText ? Greeting : null),
            new(Speaker.Caller, 4110, 8013, "Hi, I bought a pair of shoes last week and I would like to return them."),
            new(Speaker.Agent, 9020, 12549, agentText ? Reply1 : null),
            new(Speaker.Caller, 13200, 16399, "I don't have the receipt any more. Can you still help me?"),
            new(Speaker.Agent, 17400, 21328, agentText ? Reply2 : null),
        ],
        ResponseLatenciesMs = [1007.5, 1000.9],
        Rtp = new ObservedRtp { Sent = 1097, Received = 1097, Lost = 0, JitterMs = 0.45, LateFrames = 28 },
        Timeline =
        [
            new(-70, TimelineEventKind.SipMessage, null, "→ INVITE sip:agent@127.0.0.1:39783 SIP/2.0"),
            new(-68, TimelineEventKind.SipMessage, null, "← SIP/2.0 100 Trying"),
            new(-1, TimelineEventKind.SipMessage, null, "← SIP/2.0 200 OK"),
            new(0, TimelineEventKind.SipMessage, null, "→ ACK sip:agent@127.0.0.1:39783 SIP/2.0"),
            new(21900, TimelineEventKind.SipMessage, null, "→ BYE sip:agent@127.0.0.1:39783 SIP/2.0"),
            new(21903, TimelineEventKind.SipMessage, null, "← SIP/2.0 200 OK"),
        ],
        AgentTextSource = agentText ? "the reference agent's script" : null,
    };

    /// <summary>The agent was busy: 486 and nothing else.</summary>
    public static ObservedCall Busy() => new()
    {
        CallId = "b1@127.0.0.1",
        Target = "sip:agent@127.0.0.1:5080",
        Outcome = "busy",
        SipStatus = 486,
        Cause = "486 Busy Here",
        PddMs = 12,
        Timeline =
        [
            new(0, TimelineEventKind.SipMessage, null, "→ INVITE sip:agent@127.0.0.1:5080 SIP/2.0"),
            new(12, TimelineEventKind.SipMessage, null, "← SIP/2.0 486 Busy Here"),
            new(13, TimelineEventKind.SipMessage, null, "→ ACK sip:agent@127.0.0.1:5080 SIP/2.0"),
        ],
    };
}
