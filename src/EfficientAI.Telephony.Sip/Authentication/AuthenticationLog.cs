using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Sip.Authentication;

/// <summary>Log lines of digest authentication and registration. None of them carries a password or a response hash.</summary>
internal static partial class AuthenticationLog
{
    [LoggerMessage(101, LogLevel.Warning, "SIP authentication for {CallId} gave up: {Reason}")]
    public static partial void Failed(ILogger logger, string callId, string reason);

    [LoggerMessage(102, LogLevel.Information, "Registered {Aor} at {Registrar} for {Seconds} s")]
    public static partial void Registered(ILogger logger, string aor, string registrar, int seconds);

    [LoggerMessage(103, LogLevel.Warning, "Registration of {Aor} at {Registrar} failed: {Reason}")]
    public static partial void RegistrationFailed(ILogger logger, string aor, string registrar, string reason);

    [LoggerMessage(104, LogLevel.Information, "Unregistered {Aor} at {Registrar}")]
    public static partial void Unregistered(ILogger logger, string aor, string registrar);
}
