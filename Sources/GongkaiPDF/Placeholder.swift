// GongkaiPDF: see Package.swift
