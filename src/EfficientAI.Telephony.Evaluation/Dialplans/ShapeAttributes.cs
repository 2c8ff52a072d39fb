namespace EfficientAI.Telephony.Evaluation.Dialplans;

/// <summary>A plain scalar in the YAML stands for a mapping with only this property set (e.g. target: sip:a@b).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ScalarShorthandAttribute(string property) : Attribute
{
    public string Property { get; } = property;
}

/// <summary>Exactly one property of the mapping must be set (a step is one action).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ExactlyOneOfAttribute : Attribute;
