using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language.Syntax;
using Sprache;
using static HvDsl.Language.Parsing.Lexical;

namespace HvDsl.Language.Parsing;

/// <summary>Productions of <c>machine</c>: memory, the tables it uses, device placements and reachable services.</summary>
internal static class MachineGrammar
{
    private static readonly Parser<MachineMemberSyntax> Memory = Node(
        from keyword in Keyword("memory")
        from size in Size
        from below in Keyword("below").Then(_ => Number).XOptional()
        from end in Semicolon
        select new MemorySyntax(size, below.GetOrDefault())).Select(m => (MachineMemberSyntax)m);

    private static readonly Parser<MachineMemberSyntax> Uses = Node(
        from keyword in OneOf("traps", "hypercalls", "services")
        from names in Name.XDelimitedBy(Comma)
        from end in Semicolon
        select new UsesSyntax(keyword.Text, names.ToImmutableArray())).Select(m => (MachineMemberSyntax)m);

    /// <summary><c>device Type instance at io 0x3F8 irq 4;</c> or, naming outputs, <c>... irq Tx 4, Rx 5;</c>.</summary>
    public static readonly Parser<PlacementSyntax> Placement = Node(
        from doc in Docs
        from keyword in Keyword("device")
        from type in Name
        from instance in Name
        from at in Keyword("at")
        from space in Keyword("io").Return(AddressSpace.Io).XOr(Keyword("mmio").Return(AddressSpace.Mmio))
        from address in Number
        from irq in Keyword("irq").Then(_ =>
            Number.Select(n => (Line: (NumberSyntax?)n, Lines: ImmutableArray<IrqLineSyntax>.Empty))
            .XOr(Node(from output in Name from line in Number select new IrqLineSyntax(output, line)).XDelimitedBy(Comma)
                .Select(l => (Line: (NumberSyntax?)null, Lines: l.ToImmutableArray())))).XOptional()
        from end in Semicolon
        select new PlacementSyntax(doc, type, instance, space, address, irq.GetOrDefault().Line)
        {
            Lines = irq.IsDefined ? irq.Get().Lines : ImmutableArray<IrqLineSyntax>.Empty,
        });

    /// <summary><c>machine Name { members }</c>.</summary>
    public static Parser<MachineSyntax> Machine(string? doc) =>
        Block("machine", Memory.XOr(Uses).XOr(Placement.Select(p => (MachineMemberSyntax)p)), "'memory', 'traps', 'hypercalls', 'services', 'device'",
            (name, members) => new MachineSyntax(name, doc, members));
}
