namespace EfficientAI.Telephony.Sip.Messages;

public static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Register = "REGISTER";
    public const string Info = "INFO";
    public const string Update = "UPDATE";
    public const string Prack = "PRACK";
    public const string Refer = "REFER";
    public const string Notify = "NOTIFY";
    public const string Subscribe = "SUBSCRIBE";
    public const string Message = "MESSAGE";

    public const string Allowed = "INVITE, ACK, BYE, CANCEL, OPTIONS, PRACK, UPDATE, INFO, REFER, NOTIFY";

    /// <summary>The constant for a known method (methods are case-sensitive, §7.1), else a new string.</summary>
    internal static string Intern(ReadOnlySpan<char> method)
    {
        foreach (var known in (ReadOnlySpan<string>)[Invite, Ack, Bye, Cancel, Options, Register, Info, Update, Prack, Refer, Notify, Subscribe, Message])
        {
            if (method.SequenceEqual(known))
            {
                return known;
            }
        }

        return method.ToString();
    }

    /// <inheritdoc cref="Intern(ReadOnlySpan{char})"/>
    internal static string Intern(ReadOnlySpan<byte> method)
    {
        foreach (var known in (ReadOnlySpan<string>)[Invite, Ack, Bye, Cancel, Options, Register, Info, Update, Prack, Refer, Notify, Subscribe, Message])
        {
            if (System.Text.Ascii.Equals(method, known))
            {
                return known;
            }
        }

        return System.Text.Encoding.ASCII.GetString(method);
    }
}
