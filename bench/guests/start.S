/* The benchmark guests' entry, loaded flat at 0x1000 in long mode: SSE on (CR4.OSFXSR, OSXMMEXCPT), a fixed stack, run(), then halt with its result in RAX. */
    .section .text.start, "ax"
    .globl _start, halt
_start:
    mov %cr4, %rax
    or $0x600, %rax
    mov %rax, %cr4
    mov $0x800000, %rsp
    call run
halt:
    hlt
