// GongkaiXML: see Package.swift
