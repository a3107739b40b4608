namespace HvDsl.Runtime.Tests.Differential;

/// <summary>What the emulation says about one case beyond the registers it wrote.</summary>
/// <param name="DivideError">The Alu reported #DE; the host must not run the case.</param>
/// <param name="FlagsUnchanged">The architecture defines every flag as unchanged (a masked count of 0), whatever Iced reports.</param>
/// <param name="ResultUndefined">The architecture leaves the result and all status flags undefined for these operands.</param>
internal readonly record struct Outcome(bool DivideError = false, bool FlagsUnchanged = false, bool ResultUndefined = false);
