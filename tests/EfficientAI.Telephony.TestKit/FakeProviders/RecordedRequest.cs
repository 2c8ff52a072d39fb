namespace EfficientAI.Telephony.TestKit.FakeProviders;

/// <summary>What the fake provider server received, for tests to assert on (auth header, model, body, content type).</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    byte[] Body,
    IReadOnlyDictionary<string, string> FormFields,
    IReadOnlyDictionary<string, RecordedFile> FormFiles,
    DateTimeOffset ReceivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>A file part of a multipart/form-data upload.</summary>
public sealed record RecordedFile(string FileName, string? ContentType, byte[] Content);
