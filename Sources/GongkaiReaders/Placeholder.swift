// GongkaiReaders: see Package.swift
