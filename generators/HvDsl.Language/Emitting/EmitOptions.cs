namespace HvDsl.Language.Emitting;

/// <summary>Settings that apply to every generated file.</summary>
/// <param name="Namespace">The namespace of the generated types, e.g. <c>HvDsl.Machines.Pc</c> (MSBuild <c>HvDslNamespace</c> or the project's <c>RootNamespace</c>).</param>
/// <param name="GeneratorVersion">Written into <c>[GeneratedCode("HvDsl", version)]</c>.</param>
public sealed record EmitOptions(string Namespace, string GeneratorVersion);
