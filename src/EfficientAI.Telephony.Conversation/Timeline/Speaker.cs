namespace EfficientAI.Telephony.Conversation.Timeline;

public enum Speaker
{
    Caller,
    Agent,
}
