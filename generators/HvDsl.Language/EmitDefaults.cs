using HvDsl.Language.Emitting;

namespace HvDsl.Language;

/// <summary>The emitter options both the generator and <c>hvdsl gen</c> fall back to, so the two write the same code.</summary>
public static class EmitDefaults
{
    /// <summary>The namespace of generated code when no other is given.</summary>
    public const string Namespace = "HvDsl.Generated";

    /// <summary>The version written into <c>[GeneratedCode]</c>: the language library's own.</summary>
    public static string Version { get; } = typeof(EmitDefaults).Assembly.GetName().Version!.ToString();

    /// <summary>Options for <paramref name="ns"/>, or the default namespace when it is null or blank.</summary>
    public static EmitOptions Options(string? ns) => new(string.IsNullOrWhiteSpace(ns) ? Namespace : ns!.Trim(), Version);
}
