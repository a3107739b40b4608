using System;
using System.Buffers.Binary;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Demos;

/// <summary>
/// The demo kernel: a 32-bit protected-mode kernel that installs its own GDT, TSS and IDT, programs the PIC pair and
/// the PIT, counts timer ticks, reads the RTC, calls hypercalls, reads the hypervisor CPUID leaf and runs a ring-3
/// program whose INT 0x80 system calls trap into it. Everything runs on the virtual clock, so the output is fixed.
/// </summary>
internal static class KernelGuest
{
    /// <summary>Where the kernel is loaded and starts (1 MiB, where PC kernels traditionally live).</summary>
    public const ulong Load = 0x10_0000;

    // Layout: sections at fixed addresses so gates, IRET frames and calls can name them by number.
    private const ulong Main = 0x10_0000;
    private const ulong Resume = 0x10_0700;
    private const ulong PrintString = 0x10_0800;
    private const ulong PrintNumber = 0x10_0820;
    private const ulong PrintTwoDigits = 0x10_0860;
    private const ulong TimerIsr = 0x10_0900;
    private const ulong SyscallIsr = 0x10_0A00;
    private const ulong FaultIsr = 0x10_0B00;
    private const ulong UserProgram = 0x10_0C00;
    private const ulong Data = 0x10_1000;
    private const uint Idt = 0x10_4000;
    private const uint KernelInterruptStack = 0x8_0000;
    private const uint UserStack = 0x7_0000;

    private const ushort KernelCode = 0x08, KernelData = 0x10, UserCode = 0x18 | 3, UserData = 0x20 | 3, TaskState = 0x28;
    private const byte DebugConsole = 0xE9, DebugExit = 0xF4;
    private const int TimerVector = 0x20, SyscallVector = 0x80, TicksToCount = 10;
    private const ushort PitDivisor = 11932;                // 1,193,182 Hz / 11,932 = 100 Hz

    /// <summary>Assembles the image.</summary>
    public static byte[] Build()
    {
        var d = new KernelLayout(new DataBlock(Data));
        var image = new GuestImage(Load);
        image.Code(Main, MainCode(d));
        image.Code(Resume, ResumeCode(d));
        image.Code(PrintString, PrintStringCode());
        image.Code(PrintNumber, PrintNumberCode());
        image.Code(PrintTwoDigits, PrintTwoDigitsCode());
        image.Code(TimerIsr, TimerCode(d));
        image.Code(SyscallIsr, SyscallCode(d));
        image.Code(FaultIsr, FaultCode(d));
        image.Code(UserProgram, UserCodeSection(d));
        image.Place(Data, d.Block.Bytes);
        return image.ToArray();
    }

    /// <summary>The kernel's strings, descriptor tables and variables, at addresses the code names.</summary>
    private sealed class KernelLayout(DataBlock block)
    {
        public DataBlock Block { get; } = block;
        public GuestString Banner { get; } = block.String("HvDsl demo kernel: 32-bit protected mode\n");
        public GuestString IdtReady { get; } = block.String("idt: 256 gates, timer at 0x20, system calls at 0x80 (ring 3)\n");
        public GuestString PicReady { get; } = block.String("pic: remapped to 0x20/0x28, only IRQ0 unmasked\n");
        public GuestString PitReady { get; } = block.String("pit: channel 0, mode 2, 100 Hz\n");
        public GuestString Timer { get; } = block.String("timer: counted ");
        public GuestString Ticks { get; } = block.String(" ticks with interrupts enabled\n");
        public GuestString Rtc { get; } = block.String("rtc: 20");
        public GuestString Dash { get; } = block.String("-");
        public GuestString Space { get; } = block.String(" ");
        public GuestString Colon { get; } = block.String(":");
        public GuestString Newline { get; } = block.String("\n");
        public GuestString ConsoleText { get; } = block.String("hypercall 0x100: console write from the guest\n");
        public GuestString ConsoleResult { get; } = block.String("hypercall 0x100 returned ");
        public GuestString WallClock { get; } = block.String("hypercall 0x101 wall clock: ");
        public GuestString Unknown { get; } = block.String("hypercall 0x7777 (unknown) returned ");
        public GuestString Vendor { get; } = block.String("cpuid 0x40000000: hypervisor ");
        public GuestString UserHello { get; } = block.String("user: hello from ring 3 via int 0x80\n");
        public GuestString UserBye { get; } = block.String("user: exiting with status 42\n");
        public GuestString UserDone { get; } = block.String("kernel: user program exited with ");
        public GuestString Calls { get; } = block.String(" after ");
        public GuestString CallsEnd { get; } = block.String(" system calls\n");
        public GuestString Fault { get; } = block.String("kernel: unexpected exception, stopping\n");
        public uint VendorBuffer { get; } = block.Reserve(12);
        public uint TickCount { get; } = block.Reserve(4);
        public uint SyscallCount { get; } = block.Reserve(4);
        public uint ExitCode { get; } = block.Reserve(4);
        public uint SavedStack { get; } = block.Reserve(4);
        public uint Tss { get; } = block.Add(TaskStateSegment());
        public uint Gdt { get; } = block.Reserve(6 * 8);
        public uint GdtPointer { get; } = block.Reserve(6);
        public uint IdtPointer { get; } = block.Add(HelloGuest.DescriptorPointer(Idt, 256 * 8 - 1));

        /// <summary>Fills in the GDT, which needs the TSS's address, and its pointer.</summary>
        public void WriteGdt()
        {
            var gdt = new byte[6 * 8];
            Descriptor(gdt, KernelCode, 0x00CF_9A00_0000_FFFFUL);
            Descriptor(gdt, KernelData, 0x00CF_9200_0000_FFFFUL);
            Descriptor(gdt, UserCode, 0x00CF_FA00_0000_FFFFUL);   // DPL 3
            Descriptor(gdt, UserData, 0x00CF_F200_0000_FFFFUL);   // DPL 3
            Descriptor(gdt, TaskState, 0x0000_8900_0000_0067UL | ((ulong)(Tss & 0xFF_FFFF) << 16) | ((ulong)(Tss >> 24) << 56));
            Block.Overwrite(Gdt, gdt);
            Block.Overwrite(GdtPointer, HelloGuest.DescriptorPointer(Gdt, (ushort)(gdt.Length - 1)));
        }

        private static void Descriptor(byte[] gdt, ushort selector, ulong value) =>
            BinaryPrimitives.WriteUInt64LittleEndian(gdt.AsSpan(selector & ~7), value);

        /// <summary>A 32-bit TSS: ring-0 stack for interrupts from ring 3, and no I/O bitmap (IOPL 0 keeps ring 3 off the ports).</summary>
        private static byte[] TaskStateSegment()
        {
            var tss = new byte[0x68];
            BinaryPrimitives.WriteUInt32LittleEndian(tss.AsSpan(4), KernelInterruptStack);
            BinaryPrimitives.WriteUInt32LittleEndian(tss.AsSpan(8), KernelData);
            BinaryPrimitives.WriteUInt16LittleEndian(tss.AsSpan(0x66), 0x68);
            return tss;
        }
    }

    private static Assembler MainCode(KernelLayout d)
    {
        d.WriteGdt();
        var a = new Assembler(32);
        Print(a, d.Banner);

        a.lgdt(__[d.GdtPointer]);                           // our own GDT; 0x08 stays the same flat code segment, so CS needs no reload
        a.mov(ax, KernelData);
        a.mov(ds, ax);
        a.mov(es, ax);
        a.mov(ss, ax);
        a.mov(ax, TaskState);                               // the TSS gives ring-3 interrupts their kernel stack
        a.ltr(ax);

        a.mov(edi, Idt);                                    // every vector to the fault handler first ...
        a.mov(ecx, 256);
        var fill = a.CreateLabel();
        a.Label(ref fill);
        a.mov(__dword_ptr[edi], GateLow(FaultIsr));
        a.mov(__dword_ptr[edi + 4], GateHigh(FaultIsr, 0));
        a.add(edi, 8);
        a.loop(fill);
        SetGate(a, TimerVector, TimerIsr, 0);               // ... then the timer (IRQ0 after the remap)
        SetGate(a, SyscallVector, SyscallIsr, 3);           // ... and system calls, which ring 3 may invoke
        a.lidt(__[d.IdtPointer]);
        Print(a, d.IdtReady);

        Out(a, 0x20, 0x11); Out(a, 0xA0, 0x11);             // ICW1: edge triggered, cascade, ICW4 follows
        Out(a, 0x21, 0x20); Out(a, 0xA1, 0x28);             // ICW2: vector bases 0x20 and 0x28, clear of CPU exceptions
        Out(a, 0x21, 0x04); Out(a, 0xA1, 0x02);             // ICW3: slave on master IR2, slave id 2
        Out(a, 0x21, 0x01); Out(a, 0xA1, 0x01);             // ICW4: 8086 mode
        Out(a, 0x21, 0xFE); Out(a, 0xA1, 0xFF);             // OCW1: only IRQ0 (the PIT) unmasked
        Print(a, d.PicReady);

        Out(a, 0x43, 0x34);                                 // PIT channel 0, low then high byte, mode 2 (rate generator)
        Out(a, 0x40, PitDivisor & 0xFF);
        Out(a, 0x40, PitDivisor >> 8);
        Print(a, d.PitReady);

        a.sti();                                            // sleep until the timer has ticked enough
        var wait = a.CreateLabel();
        a.Label(ref wait);
        a.hlt();
        a.cmp(__dword_ptr[d.TickCount], TicksToCount);
        a.jb(wait);
        a.cli();
        Out(a, 0x21, 0xFF);                                 // timer off again: the rest of the output stays fixed
        Print(a, d.Timer);
        a.mov(eax, __dword_ptr[d.TickCount]);
        a.call(PrintNumber);
        Print(a, d.Ticks);

        Out(a, 0x70, 0x0B);                                 // RTC register B: binary values, 24-hour clock
        a.@in(al, 0x71);
        a.or(al, 0x06);
        a.mov(bl, al);
        Out(a, 0x70, 0x0B);
        a.mov(al, bl);
        a.@out(0x71, al);
        var updating = a.CreateLabel();                     // wait while register A's update-in-progress bit is set
        a.Label(ref updating);
        Out(a, 0x70, 0x0A);
        a.@in(al, 0x71);
        a.test(al, 0x80);
        a.jnz(updating);
        Print(a, d.Rtc);
        PrintCmos(a, 0x09, d.Dash);                         // year within the century, month, day
        PrintCmos(a, 0x08, d.Dash);
        PrintCmos(a, 0x07, d.Space);
        PrintCmos(a, 0x04, d.Colon);                        // hours, minutes, seconds
        PrintCmos(a, 0x02, d.Colon);
        PrintCmos(a, 0x00, d.Newline);

        a.mov(eax, 0x100);                                  // hypercall ConsoleWrite(address, length)
        a.mov(ebx, d.ConsoleText.Address);
        a.mov(ecx, d.ConsoleText.Length);
        a.vmcall();
        a.push(eax);
        Print(a, d.ConsoleResult);
        a.pop(eax);
        a.call(PrintNumber);
        Print(a, d.Newline);
        a.mov(eax, 0x101);                                  // hypercall WallClock(): seconds since 1970 (the RTC's time)
        a.vmcall();
        a.push(eax);
        Print(a, d.WallClock);
        a.pop(eax);
        a.call(PrintNumber);
        Print(a, d.Newline);
        a.mov(eax, 0x7777);                                 // an unknown number answers -KVM_ENOSYS
        a.vmcall();
        a.push(eax);
        Print(a, d.Unknown);
        a.pop(eax);
        a.call(PrintNumber);
        Print(a, d.Newline);

        a.mov(eax, 0x4000_0000);                            // CPUID hypervisor leaf: vendor in EBX, ECX, EDX
        a.cpuid();
        a.mov(__dword_ptr[d.VendorBuffer], ebx);
        a.mov(__dword_ptr[d.VendorBuffer + 4], ecx);
        a.mov(__dword_ptr[d.VendorBuffer + 8], edx);
        Print(a, d.Vendor);
        Print(a, new GuestString(d.VendorBuffer, 12));
        Print(a, d.Newline);

        a.mov(__dword_ptr[d.SavedStack], esp);              // the exit system call comes back to this stack
        a.mov(ax, UserData);                                // IRET to ring 3 would null the ring-0 DS and ES
        a.mov(ds, ax);
        a.mov(es, ax);
        a.push((int)UserData);                                 // IRET frame into ring 3: SS, ESP, EFLAGS (IF = 0), CS, EIP
        a.push((int)UserStack);
        a.push(0x002);
        a.push((int)UserCode);
        a.push((int)UserProgram);
        a.iretd();
        return a;
    }

    /// <summary>Where the exit system call lands: report what the user program did, then halt with interrupts off.</summary>
    private static Assembler ResumeCode(KernelLayout d)
    {
        var a = new Assembler(32);
        Print(a, d.UserDone);
        a.mov(eax, __dword_ptr[d.ExitCode]);
        a.call(PrintNumber);
        Print(a, d.Calls);
        a.mov(eax, __dword_ptr[d.SyscallCount]);
        a.call(PrintNumber);
        Print(a, d.CallsEnd);
        a.hlt();                                            // IF = 0: the run ends with status 0
        return a;
    }

    /// <summary>The ring-3 program: two writes and an exit, all through INT 0x80 (EAX = number, EBX/ECX = arguments).</summary>
    private static Assembler UserCodeSection(KernelLayout d)
    {
        var a = new Assembler(32);
        foreach (var text in new[] { d.UserHello, d.UserBye })
        {
            a.mov(eax, 1);                                  // write(address, length)
            a.mov(ebx, text.Address);
            a.mov(ecx, text.Length);
            a.@int(SyscallVector);
        }
        a.mov(eax, 2);                                      // exit(status)
        a.mov(ebx, 42);
        a.@int(SyscallVector);
        return a;
    }

    /// <summary>
    /// INT 0x80: 1 = write(EBX, ECX) returning the length, 2 = exit(EBX) back to the kernel, others -ENOSYS. The
    /// user's DS and ES are saved and the kernel's loaded, as a ring-3 caller's segments are not the kernel's.
    /// </summary>
    private static Assembler SyscallCode(KernelLayout d)
    {
        var a = new Assembler(32);
        var notWrite = a.CreateLabel();
        var notExit = a.CreateLabel();
        var back = a.CreateLabel();
        a.push(ds);
        a.push(es);
        a.push(edx);
        a.mov(dx, KernelData);
        a.mov(ds, dx);
        a.mov(es, dx);
        a.pop(edx);
        a.inc(__dword_ptr[d.SyscallCount]);
        a.cmp(eax, 1);
        a.jne(notWrite);
        a.mov(esi, ebx);
        a.push(ecx);
        a.call(PrintString);
        a.pop(eax);
        a.jmp(back);
        a.Label(ref notWrite);
        a.cmp(eax, 2);
        a.jne(notExit);
        a.mov(__dword_ptr[d.ExitCode], ebx);
        a.mov(esp, __dword_ptr[d.SavedStack]);              // drop the user context and go on in the kernel
        a.jmp(Resume);
        a.Label(ref notExit);
        a.mov(eax, -38);                                    // -ENOSYS
        a.Label(ref back);
        a.pop(es);
        a.pop(ds);
        a.iretd();
        return a;
    }

    /// <summary>IRQ0: count the tick and acknowledge it at the master PIC.</summary>
    private static Assembler TimerCode(KernelLayout d)
    {
        var a = new Assembler(32);
        a.push(eax);
        a.inc(__dword_ptr[d.TickCount]);
        a.mov(al, 0x20);                                    // non-specific EOI
        a.@out(0x20, al);
        a.pop(eax);
        a.iretd();
        return a;
    }

    /// <summary>Any other vector: say so and end the run through debug-exit (status 3).</summary>
    private static Assembler FaultCode(KernelLayout d)
    {
        var a = new Assembler(32);
        a.mov(ax, KernelData);                              // the fault may come from ring 3, whose DS is not ours
        a.mov(ds, ax);
        a.mov(es, ax);
        Print(a, d.Fault);
        a.mov(al, 1);
        a.@out(DebugExit, al);
        return a;
    }

    /// <summary>PrintString(ESI = address, ECX = length) on the debug console.</summary>
    private static Assembler PrintStringCode()
    {
        var a = new Assembler(32);
        a.push(edx);
        a.mov(dx, DebugConsole);
        a.cld();
        a.rep.outsb();
        a.pop(edx);
        a.ret();
        return a;
    }

    /// <summary>PrintNumber(EAX) as signed decimal: digits pushed least significant first, popped in print order.</summary>
    private static Assembler PrintNumberCode()
    {
        var a = new Assembler(32);
        var positive = a.CreateLabel();
        var divide = a.CreateLabel();
        var emit = a.CreateLabel();
        a.pushad();
        a.test(eax, eax);
        a.jns(positive);
        a.neg(eax);
        a.mov(ebx, eax);
        a.mov(al, (byte)'-');
        a.@out(DebugConsole, al);
        a.mov(eax, ebx);
        a.Label(ref positive);
        a.mov(ebx, 10);
        a.xor(ecx, ecx);
        a.Label(ref divide);
        a.xor(edx, edx);
        a.div(ebx);
        a.push(edx);
        a.inc(ecx);
        a.test(eax, eax);
        a.jnz(divide);
        a.Label(ref emit);
        a.pop(eax);
        a.add(al, (byte)'0');
        a.@out(DebugConsole, al);
        a.loop(emit);
        a.popad();
        a.ret();
        return a;
    }

    /// <summary>PrintTwoDigits(EAX = 0-99) with a leading zero, as dates and times are written.</summary>
    private static Assembler PrintTwoDigitsCode()
    {
        var a = new Assembler(32);
        a.pushad();
        a.xor(edx, edx);
        a.mov(ebx, 10);
        a.div(ebx);
        a.add(al, (byte)'0');
        a.@out(DebugConsole, al);
        a.mov(al, dl);
        a.add(al, (byte)'0');
        a.@out(DebugConsole, al);
        a.popad();
        a.ret();
        return a;
    }

    private static void Print(Assembler a, GuestString text)
    {
        a.mov(esi, text.Address);
        a.mov(ecx, text.Length);
        a.call(PrintString);
    }

    /// <summary>Prints CMOS register <paramref name="register"/> as two digits, then <paramref name="separator"/>.</summary>
    private static void PrintCmos(Assembler a, byte register, GuestString separator)
    {
        Out(a, 0x70, register);
        a.@in(al, 0x71);
        a.movzx(eax, al);
        a.call(PrintTwoDigits);
        Print(a, separator);
    }

    private static void Out(Assembler a, byte port, int value)
    {
        a.mov(al, (byte)value);
        a.@out(port, al);
    }

    private static void SetGate(Assembler a, int vector, ulong handler, int dpl)
    {
        a.mov(__dword_ptr[Idt + (uint)vector * 8], GateLow(handler));
        a.mov(__dword_ptr[Idt + (uint)vector * 8 + 4], GateHigh(handler, dpl));
    }

    /// <summary>Low half of a 32-bit interrupt gate: kernel code selector and offset 15:0.</summary>
    private static uint GateLow(ulong handler) => ((uint)KernelCode << 16) | (uint)(handler & 0xFFFF);

    /// <summary>High half: offset 31:16, present, DPL, type 0xE (interrupt gate: IF cleared on entry).</summary>
    private static uint GateHigh(ulong handler, int dpl) => (uint)(handler & 0xFFFF_0000) | 0x8000 | ((uint)dpl << 13) | 0x0E00;
}
