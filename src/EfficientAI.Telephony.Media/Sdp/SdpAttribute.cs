namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// An <c>a=</c> line (RFC 8866 §5.13) that the model does not interpret: a property attribute ("a=name") when
/// <see cref="Value"/> is null, a value attribute ("a=name:value") otherwise. Kept so a description round-trips.
/// </summary>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    /// <summary>The line value, without the "a=" prefix.</summary>
    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";
}
