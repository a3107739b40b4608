namespace HvDsl.Testing;

/// <summary>One file the generator wrote.</summary>
/// <param name="HintName">Its name, as a build gives it: <c>{Declaration}.{Kind}.g.cs</c>, e.g. <c>Thermometer.Device.g.cs</c>.</param>
/// <param name="Text">Its C#, with newlines only, scrubbed as the options said.</param>
public sealed record GeneratedFile(string HintName, string Text);
