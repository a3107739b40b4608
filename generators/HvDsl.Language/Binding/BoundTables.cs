using HvDsl.Language.Syntax;
using HvDsl.Language.Text;

namespace HvDsl.Language.Binding;

/// <summary>A trap table: what the hypervisor does for each trapping instruction.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The declaration in its spec.</param>
/// <param name="Rules">Rules in source order.</param>
/// <param name="Otherwise">The action for any other trapping instruction (default <c>raise UD</c>).</param>
public sealed record BoundTrapTable(string Name, string? Doc, SourceSpan Span, EquatableArray<BoundTrapRule> Rules, BoundTrapAction Otherwise);

/// <summary>One rule: instructions and their action.</summary>
/// <param name="Span">The rule in its spec.</param>
/// <param name="Instructions">The instructions, aliases resolved.</param>
/// <param name="Action">What happens.</param>
public sealed record BoundTrapRule(SourceSpan Span, EquatableArray<BoundInstruction> Instructions, BoundTrapAction Action);

/// <summary>Which operands an alias requires besides the mnemonic.</summary>
public enum OperandFilter
{
    /// <summary>Any form of the mnemonic.</summary>
    None,

    /// <summary>Only forms with a control register operand (<c>mov_cr</c>).</summary>
    ControlRegister,

    /// <summary>Only forms with a debug register operand (<c>mov_dr</c>).</summary>
    DebugRegister,
}

/// <summary>An instruction as written and the Iced mnemonics it stands for.</summary>
/// <param name="Written">The spelling in the spec, e.g. <c>mov_cr</c>.</param>
/// <param name="Mnemonics">Iced <c>Mnemonic</c> member names, e.g. <c>Mov</c>.</param>
/// <param name="Filter">Operand restriction, for aliases such as <c>mov_cr</c>.</param>
public sealed record BoundInstruction(string Written, EquatableArray<string> Mnemonics, OperandFilter Filter);

/// <summary>A trap action.</summary>
/// <param name="Kind">Which action.</param>
/// <param name="Target">Table or handler name (for <see cref="TrapActionKind.Raise"/>, the exception mnemonic such as <c>GP</c>), or null.</param>
/// <param name="Vector">The exception vector for <see cref="TrapActionKind.Raise"/>, else -1.</param>
/// <param name="ErrorCode">The error code pushed with the exception, or null when it pushes none.</param>
public sealed record BoundTrapAction(TrapActionKind Kind, string? Target, int Vector, ulong? ErrorCode);

/// <summary>A CPUID table; leaves it does not list read as zeros.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The declaration in its spec.</param>
/// <param name="Leaves">Leaves in source order.</param>
public sealed record BoundCpuidTable(string Name, string? Doc, SourceSpan Span, EquatableArray<BoundCpuidLeaf> Leaves);

/// <summary>The four registers CPUID returns for one leaf (and subleaf).</summary>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The leaf in its spec.</param>
/// <param name="Leaf">EAX on entry.</param>
/// <param name="Subleaf">ECX on entry, or null when any ECX matches.</param>
/// <param name="Eax">Returned EAX.</param>
/// <param name="Ebx">Returned EBX.</param>
/// <param name="Ecx">Returned ECX.</param>
/// <param name="Edx">Returned EDX.</param>
public sealed record BoundCpuidLeaf(string? Doc, SourceSpan Span, uint Leaf, uint? Subleaf, uint Eax, uint Ebx, uint Ecx, uint Edx);

/// <summary>An MSR table.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The declaration in its spec.</param>
/// <param name="Msrs">MSRs in source order.</param>
/// <param name="Otherwise">What an unknown index does: <c>raise GP(0)</c> (default) or <c>ignore</c> (reads return 0).</param>
public sealed record BoundMsrTable(string Name, string? Doc, SourceSpan Span, EquatableArray<BoundMsr> Msrs, BoundTrapAction Otherwise);

/// <summary>One model-specific register.</summary>
/// <param name="Name">The MSR name.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The entry in its spec.</param>
/// <param name="Index">The index (ECX).</param>
/// <param name="Access">ro, wo, rw or wi; writing a read-only MSR raises GP(0).</param>
/// <param name="Reset">The reset value.</param>
public sealed record BoundMsr(string Name, string? Doc, SourceSpan Span, uint Index, AccessKind Access, ulong Reset);
