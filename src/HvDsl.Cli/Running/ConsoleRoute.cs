namespace HvDsl.Cli.Running;

/// <summary>Where one guest console (COM1, or port 0xE9 with the console hypercall) goes: <c>stdio</c>, <c>null</c> or a file.</summary>
/// <param name="Path">The file, or null for standard output (<see cref="Stdio"/>) or nothing (<see cref="Null"/>).</param>
/// <param name="Drop">True to drop the bytes.</param>
internal sealed record ConsoleRoute(string? Path, bool Drop = false)
{
    /// <summary>hvdsl's standard output, the default.</summary>
    public static ConsoleRoute Stdio { get; } = new((string?)null);

    /// <summary>Nowhere: the guest's bytes are dropped.</summary>
    public static ConsoleRoute Null { get; } = new(null, Drop: true);

    /// <summary>The route as <c>--serial</c> and <c>--debugcon</c> spell it, for help's default.</summary>
    public override string ToString() => Path ?? (Drop ? "null" : "stdio");

    /// <summary><c>stdio</c>, <c>null</c>, or any other text as a file path.</summary>
    public static ConsoleRoute Parse(string text) => text switch
    {
        "stdio" => Stdio,
        "null" => Null,
        _ => new ConsoleRoute(text),
    };
}
