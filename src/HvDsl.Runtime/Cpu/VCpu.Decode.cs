using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    private const int MaxBlockLength = 64;
    private const int BlockCacheSize = 32768;

    /// <summary>Straight-line decoded code from one physical page, keyed by RIP, physical address and code size.</summary>
    private sealed partial class DecodedBlock
    {
        /// <summary>The instructions, <see cref="Count"/> of them: sized to the block, so a large cache holds no empty tails.</summary>
        public Instruction[] Code = new Instruction[1];

        /// <summary>The same instructions pre-decoded for the fast paths; <see cref="Code"/> stays for exits and generic execution.</summary>
        public MicroOp[] Ops = new MicroOp[1];
        public int Count;
        public ulong Rip;
        public ulong Phys;
        public int Bitness;
        public int Generation;
        public int TrapVersion;

        /// <summary>The single instruction of this block is in the trap set.</summary>
        public bool Trapped;

        /// <summary>The block that ran after this one last time, valid while <see cref="LinkEpoch"/> is current.</summary>
        public DecodedBlock? Link;

        /// <summary>The block that ran after this one before <see cref="Link"/> (the other side of a conditional branch), under the same epoch.</summary>
        public DecodedBlock? OtherLink;
        public int LinkEpoch;
    }

    /// <summary>Feeds the decoder from a reusable buffer, so decoding allocates nothing.</summary>
    private sealed class FetchReader : CodeReader
    {
        public readonly byte[] Buffer = new byte[4096 + 16];
        public int Position;
        public int Length;

        public override int ReadByte() => Position < Length ? Buffer[Position++] : -1;
    }

    private readonly DecodedBlock?[] _blocks = new DecodedBlock?[BlockCacheSize];
    /// <summary>The one-instruction block of an instruction that straddles two pages or that the VMM performs; never translated.</summary>
    private readonly DecodedBlock _uncached = new() { Declined = true };

    /// <summary>Where a block is decoded before it is copied into its slot's block at its own length.</summary>
    private readonly Instruction[] _decodedCode = new Instruction[MaxBlockLength];
    private readonly MicroOp[] _decodedOps = new MicroOp[MaxBlockLength];
    private readonly FetchReader _reader = new();
    private Decoder _decoder16 = null!, _decoder32 = null!, _decoder64 = null!;

    /// <summary>Bumped whenever the CS:RIP to block mapping may change other than by code writes: TLB, segments, mode, flush.</summary>
    private int _fetchEpoch;

    private void InitDecoder()
    {
        _decoder16 = Decoder.Create(16, _reader);
        _decoder32 = Decoder.Create(32, _reader);
        _decoder64 = Decoder.Create(64, _reader);
    }

    /// <summary>Drops every decoded block (the trap set changed, or a snapshot was restored).</summary>
    public void FlushDecodedBlocks()
    {
        System.Array.Clear(_blocks);
        _fetchEpoch++;
    }

    /// <summary>
    /// The block at CS:RIP: the previous block's successor if it still fits (a taken loop branch skips the
    /// fetch translation and cache probe), else <see cref="FetchBlock"/>, which becomes the new successor.
    /// </summary>
    private DecodedBlock? NextBlock()
    {
        var previous = _block;
        if (previous is null || previous == _uncached)
            return FetchBlock();
        if (Successor(previous, _state.Rip) is { } link && link.Generation == Memory.CodeGeneration[link.Phys >> 12]
            && link.TrapVersion == Vm.Traps.Version)
            return link;
        var block = FetchBlock();
        if (block is not null && block != _uncached)
        {
            // The successor before becomes the other one, so both sides of a branch stay linked.
            previous.OtherLink = previous.LinkEpoch != _fetchEpoch ? null : previous.Link != block ? previous.Link : previous.OtherLink;
            previous.Link = block;
            previous.LinkEpoch = _fetchEpoch;
        }
        return block;
    }

    /// <summary>The linked successor of <paramref name="block"/> that starts at <paramref name="rip"/> under the current fetch epoch, not yet checked for code writes.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private DecodedBlock? Successor(DecodedBlock block, ulong rip)
    {
        if (block.LinkEpoch != _fetchEpoch)
            return null;
        if (block.Link is { } link && link.Rip == rip)
            return link;
        return block.OtherLink is { } other && other.Rip == rip ? other : null;
    }

    /// <summary>The block at CS:RIP, decoding it if needed; null with a pending fault or exit.</summary>
    private DecodedBlock? FetchBlock()
    {
        var rip = _state.Rip;
        ulong linear;
        if (Mode == CpuMode.Long64)
        {
            linear = rip;
            if ((ulong)((long)rip >> 47) + 1 > 1)
            {
                Gp0();
                return null;
            }
        }
        else
        {
            ref var cs = ref _state.Segments[CsIndex];
            if (rip > cs.Limit)
            {
                Gp0();
                return null;
            }
            linear = (uint)(cs.Base + rip);
        }
        // Code fetches go through their own TLB: a page walk per block would dominate tight loops.
        var page = linear >> 12;
        var tlb = (int)page & (TlbSize - 1);
        var tag = (page << 1) | _userTag;
        ulong phys;
        if (_fetchTag[tlb] == tag)
            phys = _fetchPhys[tlb] | (linear & 0xFFF);
        else
        {
            if (!Translate(linear, PageAccess.Fetch | (Cpl == 3 ? PageAccess.User : PageAccess.None), out phys))
                return null;
            NoteFetched(page);
            _fetchTag[tlb] = tag;
            _fetchPhys[tlb] = phys & ~0xFFFUL;
        }
        var slot = (int)((phys ^ (phys >> 12)) & (BlockCacheSize - 1));
        var block = _blocks[slot];
        if (block is not null && block.Rip == rip && block.Phys == phys && block.Bitness == _codeBitness
            && block.Generation == Memory.CodeGeneration[phys >> 12] && block.TrapVersion == Vm.Traps.Version)
            return block;
        return Decode(rip, linear, phys, slot);
    }

    private DecodedBlock? Decode(ulong rip, ulong linear, ulong phys, int slot)
    {
        var host = Memory.PagePointer(phys, write: false);
        if (host == null)
        {
            RecordExit(new VmExit(ExitReason.UnmappedMemory, default(Instruction), phys, 1, AccessDirection.Read, message: "instruction fetch"));
            return null;
        }
        Statistics.BlocksDecoded++;
        var offset = (int)(phys & 0xFFF);
        var available = 4096 - offset;
        new System.ReadOnlySpan<byte>(host + offset, available).CopyTo(_reader.Buffer);
        _reader.Position = 0;
        _reader.Length = available;
        var decoder = _codeBitness switch { 64 => _decoder64, 32 => _decoder32, _ => _decoder16 };
        var traps = Vm.Traps;

        decoder.IP = rip;
        decoder.Decode(out var first);
        if (decoder.LastError == DecoderError.NoMoreBytes)
            return DecodeAcrossPages(rip, linear);
        _decodedCode[0] = first;
        var count = 0;
        var trapped = false;
        var ip = rip;
        while (count < MaxBlockLength)
        {
            ref var ins = ref _decodedCode[count];
            if (count > 0)
            {
                decoder.IP = ip;
                decoder.Decode(out ins);
                if (decoder.LastError == DecoderError.NoMoreBytes)
                    break;
            }
            _decodedOps[count] = BuildMicroOp(ref ins);
            if (traps.Contains(ins.Code))
            {
                if (count == 0)
                {
                    trapped = true;
                    count = 1;
                }
                break;
            }
            count++;
            ip = ins.NextIP & _ipMask;
            if (ins.FlowControl != FlowControl.Next || ip != rip + (ulong)_reader.Position)
                break;
        }
        var length = _reader.Position;
        if (LoopHead(count) is { } head)
        {
            // The block ends where its closing branch loops back to: the loop is then a block of its own, decoded and
            // translated once from its head rather than once more inside each block that falls into it.
            for (var i = head; i < count; i++)
                length -= _decodedCode[i].Length;
            count = head;
        }
        // The slot's block is taken over only now: an instruction that straddles the page must leave it intact.
        var block = _blocks[slot] ??= new DecodedBlock();
        DropTranslation(block, phys, rip);
        if (block.Code.Length != count)
            (block.Code, block.Ops) = (new Instruction[count], new MicroOp[count]);
        System.Array.Copy(_decodedCode, block.Code, count);
        System.Array.Copy(_decodedOps, block.Ops, count);
        block.Count = count;
        block.Rip = rip;
        block.Phys = phys;
        block.Bitness = _codeBitness;
        block.Generation = Memory.CodeGeneration[phys >> 12];
        block.TrapVersion = traps.Version;
        block.Trapped = trapped;
        Memory.MarkCode(phys, length);
        FlushWriteTlb();
        return block;
    }

    /// <summary>
    /// The index of the instruction the last of the <paramref name="count"/> just decoded branches back to, when that is
    /// one of them but the first (a loop whose head lies inside the block), else null.
    /// </summary>
    private int? LoopHead(int count)
    {
        ref var last = ref _decodedCode[count - 1];
        if (count < 2 || last.FlowControl is not (FlowControl.ConditionalBranch or FlowControl.UnconditionalBranch)
            || last.Op0Kind is not (OpKind.NearBranch16 or OpKind.NearBranch32 or OpKind.NearBranch64))
            return null;
        var target = last.NearBranchTarget;
        for (var i = 1; i < count; i++)
        {
            if (_decodedCode[i].IP == target)
                return i;
        }
        return null;
    }

    /// <summary>An instruction that straddles two pages: fetched byte by byte, decoded, never cached.</summary>
    private DecodedBlock? DecodeAcrossPages(ulong rip, ulong linear)
    {
        var access = PageAccess.Fetch | (Cpl == 3 ? PageAccess.User : PageAccess.None);
        var length = 0;
        for (; length < 15; length++)
        {
            if (!Translate(Mode == CpuMode.Long64 ? linear + (ulong)length : (uint)(linear + (ulong)length), access, out var phys))
                break;
            var host = Memory.PagePointer(phys, write: false);
            if (host == null)
                break;
            _reader.Buffer[length] = host[phys & 0xFFF];
        }
        ClearRecorded();
        _reader.Position = 0;
        _reader.Length = length;
        var decoder = _codeBitness switch { 64 => _decoder64, 32 => _decoder32, _ => _decoder16 };
        decoder.IP = rip;
        decoder.Decode(out _uncached.Code[0]);
        if (decoder.LastError == DecoderError.NoMoreBytes)
        {
            // The bytes the instruction needs are not fetchable: raise the fault that fetch hit.
            Translate(Mode == CpuMode.Long64 ? linear + (ulong)length : (uint)(linear + (ulong)length), access, out _);
            if (_recorded == StepOutcome.Next)
                Gp0();
            return null;
        }
        _uncached.Ops[0] = BuildMicroOp(ref _uncached.Code[0]);
        _uncached.Count = 1;
        _uncached.Rip = rip;
        _uncached.Trapped = Vm.Traps.Contains(_uncached.Code[0].Code);
        return _uncached;
    }
}
