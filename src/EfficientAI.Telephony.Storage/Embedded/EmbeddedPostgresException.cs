namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>The embedded PostgreSQL cluster could not be prepared, started or stopped.</summary>
public sealed class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException()
    {
    }

    public EmbeddedPostgresException(string message)
        : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
