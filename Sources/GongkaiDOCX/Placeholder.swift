// GongkaiDOCX: see Package.swift
