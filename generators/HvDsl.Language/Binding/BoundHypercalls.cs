using HvDsl.Language.Text;

namespace HvDsl.Language.Binding;

/// <summary>A hypercall table and its calling convention.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The declaration in its spec.</param>
/// <param name="Via">The trapping instruction, <c>vmcall</c> or <c>vmmcall</c>.</param>
/// <param name="NumberRegister">The register holding the call number, e.g. <c>rax</c>.</param>
/// <param name="ArgumentRegisters">Registers holding the arguments, in order.</param>
/// <param name="ResultRegister">The register receiving the result.</param>
/// <param name="UnknownResult">The result of an unknown number.</param>
/// <param name="DeniedResult">The result of any number called from CPL &gt; 0 that is not a <c>user</c> call.</param>
/// <param name="Calls">Calls in source order.</param>
public sealed record BoundHypercallTable(
    string Name, string? Doc, SourceSpan Span, string Via, string NumberRegister, EquatableArray<string> ArgumentRegisters,
    string ResultRegister, long UnknownResult, long DeniedResult, EquatableArray<BoundHypercall> Calls);

/// <summary>One numbered hypercall, implemented as a partial method named <see cref="Name"/>.</summary>
/// <param name="Name">The call (and handler) name.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The call in its spec.</param>
/// <param name="Number">The call number.</param>
/// <param name="Parameters">Parameters, each read from its argument register.</param>
/// <param name="ReturnWidth">Result width in bytes, or 0 when the call returns nothing (result 0).</param>
/// <param name="User">Whether code at CPL &gt; 0 may make the call; otherwise it gets the table's denied result.</param>
public sealed record BoundHypercall(
    string Name, string? Doc, SourceSpan Span, ulong Number, EquatableArray<BoundParameter> Parameters, int ReturnWidth, bool User);

/// <summary>A hypercall parameter.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Width">Width in bytes; the register value is truncated to it.</param>
/// <param name="Register">The register it is read from.</param>
public sealed record BoundParameter(string Name, int Width, string Register);
