using System.Collections.Generic;

namespace HvDsl.Language.Binding;

/// <summary>The x86 exceptions a trap may raise, by their manual mnemonic (<c>GP</c> for #GP).</summary>
internal static class X86Exceptions
{
    /// <summary>Mnemonic → (vector, whether the CPU pushes an error code), per the Intel SDM vol. 3 table 6-1.</summary>
    public static readonly IReadOnlyDictionary<string, (int Vector, bool HasErrorCode)> ByName = new Dictionary<string, (int, bool)>
    {
        ["DE"] = (0, false), ["DB"] = (1, false), ["NMI"] = (2, false), ["BP"] = (3, false), ["OF"] = (4, false),
        ["BR"] = (5, false), ["UD"] = (6, false), ["NM"] = (7, false), ["DF"] = (8, true), ["TS"] = (10, true),
        ["NP"] = (11, true), ["SS"] = (12, true), ["GP"] = (13, true), ["PF"] = (14, true), ["MF"] = (16, false),
        ["AC"] = (17, true), ["MC"] = (18, false), ["XM"] = (19, false), ["VE"] = (20, false), ["CP"] = (21, true),
    };
}
