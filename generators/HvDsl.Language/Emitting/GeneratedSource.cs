namespace HvDsl.Language.Emitting;

/// <summary>One C# file to add to a compilation.</summary>
/// <param name="HintName">A file name unique in the compilation, e.g. <c>Uart16550.Device.g.cs</c>.</param>
/// <param name="Text">The C# text, with <c>\n</c> line ends.</param>
public sealed record GeneratedSource(string HintName, string Text);
