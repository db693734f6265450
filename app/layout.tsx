import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { TrpcProvider } from "@/components/providers/trpc-provider";
import "./globals.css";

// Every page depends on the signed-in user or on runtime configuration: render at request time, never at build.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Ledgerlink", template: "%s · Ledgerlink" },
  description: "Keep KashFlow and Sage 100 in step: invoices, payments, customers and stock, synced both ways.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen font-sans">
        <TrpcProvider>{children}</TrpcProvider>
        <Toaster richColors position="top-right" />
      </body>
    </html>
  );
}
