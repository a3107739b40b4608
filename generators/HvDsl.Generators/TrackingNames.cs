namespace HvDsl.Generators;

/// <summary>Names of the generator's pipeline steps, so tests can read their cached or modified outputs.</summary>
public static class TrackingNames
{
    /// <summary>Each <c>.hvspec</c> file read and parsed on its own.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The emitter options read from MSBuild properties.</summary>
    public const string Options = nameof(Options);

    /// <summary>All parsed files bound together into emit units and diagnostics.</summary>
    public const string Bind = nameof(Bind);

    /// <summary>One emit unit per declaration.</summary>
    public const string Units = nameof(Units);

    /// <summary>The diagnostics of the whole set.</summary>
    public const string Diagnostics = nameof(Diagnostics);
}
