namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>What an external tool (initdb, pg_ctl, chown…) reported when it exited.</summary>
internal sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the tool's own words (stderr first) when it failed.</summary>
    public ToolResult EnsureSuccess(string whatWasAttempted)
    {
        if (Succeeded)
        {
            return this;
        }

        var detail = string.IsNullOrWhiteSpace(StandardError) ? StandardOutput : StandardError;
        throw new EmbeddedPostgresException(
            $"{whatWasAttempted} failed: `{Command}` exited with code {ExitCode}: {detail.Trim()}");
    }
}
